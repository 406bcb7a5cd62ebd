using OpenMcf.Cli.Reports;

namespace OpenMcf.TcpRoute.Tests.Cli.Reports;

/// <summary>$GITHUB_OUTPUT: the runner's two forms, a delimiter that cannot be in the value, and a value that comes back whole.</summary>
public class GitHubOutputFileTests
{
    [Theory]
    [InlineData("routes", "3", "routes=3\n")]
    [InlineData("empty", "", "empty=\n")]
    [InlineData("tricky", "a=b<<c ::x:: %25", "tricky=a=b<<c ::x:: %25\n")]
    [InlineData("unicode", "日本 🚀", "unicode=日本 🚀\n")]
    public void A_one_line_value_is_name_equals_value(string name, string value, string expected)
    {
        Assert.Equal(expected, GitHubOutputFile.Format(name, value, () => throw new InvalidOperationException("no delimiter needed")));
    }

    [Theory]
    [InlineData("two\nlines", "summary<<D1\ntwo\nlines\nD1\n")]
    [InlineData("crlf\r\nlines", "summary<<D1\ncrlf\r\nlines\nD1\n")]
    [InlineData("ends with a newline\n", "summary<<D1\nends with a newline\n\nD1\n")]
    [InlineData("only\rCR", "summary<<D1\nonly\rCR\nD1\n")]
    public void A_value_with_a_line_break_is_a_heredoc(string value, string expected)
    {
        Assert.Equal(expected, GitHubOutputFile.Format("summary", value, () => "D1"));
    }

    [Fact]
    public void A_delimiter_that_occurs_in_the_value_is_not_used()
    {
        var offered = new Queue<string>(["EOF", "", "with\nbreak", "line", "SAFE"]);
        var text = GitHubOutputFile.Format("out", "first line\nEOF\nlast line", offered.Dequeue);
        Assert.Equal("out<<SAFE\nfirst line\nEOF\nlast line\nSAFE\n", text);
        Assert.Empty(offered);
    }

    [Fact]
    public void It_gives_up_rather_than_write_a_block_that_ends_early()
    {
        Assert.Throws<InvalidOperationException>(() => GitHubOutputFile.Format("out", "x\nEOF", () => "EOF"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a=b")]
    [InlineData("a<<b")]
    [InlineData("a\nb")]
    [InlineData("a\rb")]
    public void A_name_the_runner_would_misread_is_refused(string name)
    {
        Assert.Throws<ArgumentException>(() => GitHubOutputFile.Format(name, "v", GitHubOutputFile.NewDelimiter));
    }

    [Fact]
    public void Delimiters_are_random_and_look_like_the_toolkits()
    {
        var a = GitHubOutputFile.NewDelimiter();
        var b = GitHubOutputFile.NewDelimiter();
        Assert.Matches("^ghadelimiter_[0-9a-f]{32}$", a);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void What_the_runner_reads_back_is_what_was_appended()
    {
        var path = Path.GetTempFileName();
        try
        {
            var values = new Dictionary<string, string>
            {
                ["count"] = "3",
                ["hostile"] = ReportSamples.Hostile.Replace("\r", string.Empty, StringComparison.Ordinal),
                ["huge"] = ReportSamples.Huge,
                ["looks-like-a-block"] = "x<<EOF",
                ["empty"] = string.Empty,
                ["trailing"] = "a\n\n",
            };
            foreach (var (name, value) in values)
            {
                GitHubOutputFile.Append(path, name, value);
            }

            Assert.Equal(values, RunnerRead(File.ReadAllText(path)));
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// The runner's reading of the file: "name=value" when '=' comes before any "&lt;&lt;", else "name&lt;&lt;delimiter"
    /// and the lines up to the delimiter's own, joined with '\n'.
    /// </summary>
    private static Dictionary<string, string> RunnerRead(string text)
    {
        var lines = text.Split('\n');
        Assert.Equal(string.Empty, lines[^1]);
        var outputs = new Dictionary<string, string>();
        for (var i = 0; i < lines.Length - 1; i++)
        {
            var line = lines[i];
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            var heredoc = line.IndexOf("<<", StringComparison.Ordinal);
            if (equals >= 0 && (heredoc < 0 || equals < heredoc))
            {
                outputs.Add(line[..equals], line[(equals + 1)..]);
                continue;
            }

            var delimiter = line[(heredoc + 2)..];
            var end = Array.IndexOf(lines, delimiter, i + 1);
            Assert.True(end > i, $"no closing {delimiter}");
            outputs.Add(line[..heredoc], string.Join('\n', lines[(i + 1)..end]));
            i = end;
        }

        return outputs;
    }
}
