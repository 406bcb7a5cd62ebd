using OpenMcf.Cli;
using OpenMcf.Cli.Output;
using OpenMcf.TcpRoute.Cluster;

namespace OpenMcf.TcpRoute.Tests.Cli.Output;

/// <summary>The progress line: only on a terminal with text output, quiet for a second, ten updates a second, gone at the end.</summary>
public class ProgressLineTests
{
    private static RouteRunner Runner() =>
        new(
            new RunSettings(new ConnectionSettings(null, null, TimeSpan.FromSeconds(5)), null, 1),
            new TcpRoute.Tests.Cluster.InMemoryClusters());

    [Theory]
    [InlineData(true, "Text", true)]
    [InlineData(false, "Text", false)]
    [InlineData(true, "Json", false)]
    [InlineData(true, "Yaml", false)]
    public void Only_a_terminal_with_text_output_gets_one(bool terminal, string format, bool shown)
    {
        var output = Enum.Parse<OutputFormat>(format);
        using var runner = Runner();
        var console = new CliConsole(TextWriter.Null, new StringWriter(), TextReader.Null, false) { ErrorIsTerminal = terminal };
        using var line = ProgressLine.Attach(console, output, runner);
        Assert.Equal(shown, line is not null);
        Assert.Equal(shown, runner.Progress is not null);
    }

    [Fact]
    public void It_waits_a_second_updates_ten_times_a_second_and_wipes_itself_when_the_batch_ends()
    {
        var now = TimeSpan.Zero;
        using var error = new StringWriter();
        using var line = new ProgressLine(error, () => now);

        line.Report(10, 100);
        Assert.Equal(string.Empty, error.ToString());

        now = TimeSpan.FromSeconds(2);
        line.Report(50, 100);
        Assert.Equal("\r50/100 routes, 25/s", error.ToString());

        now += TimeSpan.FromMilliseconds(50);
        line.Report(51, 100);
        Assert.Equal("\r50/100 routes, 25/s", error.ToString());

        now += TimeSpan.FromMilliseconds(100);
        line.Report(99, 100);
        Assert.EndsWith("\r99/100 routes, 46/s", error.ToString(), StringComparison.Ordinal);

        line.Report(100, 100);
        Assert.EndsWith($"\r{new string(' ', "99/100 routes, 46/s".Length)}\r", error.ToString(), StringComparison.Ordinal);
    }
}
