using OpenMcf.Cli.Reports;
using OpenMcf.TcpRoute.Validation;

namespace OpenMcf.TcpRoute.Tests.Cli.Reports;

/// <summary>GitHub Actions annotations: the exact line for each input, escaped as the runner unescapes.</summary>
public class WorkflowCommandsTests
{
    public static TheoryData<Severity, string, string?, int?, int?, string?, string> Annotations() => new()
    {
        {
            Severity.Error, "bad port", "routes/a.yaml", 3, 5, "openmcf validate",
            "::error file=routes/a.yaml,line=3,col=5,title=openmcf validate::bad port"
        },
        { Severity.Warning, "no Service yet", "routes/a.yaml", 3, null, null, "::warning file=routes/a.yaml,line=3::no Service yet" },
        { Severity.Error, "whole file", "routes/a.yaml", null, null, null, "::error file=routes/a.yaml::whole file" },
        { Severity.Warning, "just a title", null, null, null, "t", "::warning title=t::just a title" },
        { Severity.Error, "nothing else", null, null, null, null, "::error::nothing else" },
        { Severity.Error, "empty strings are left out", string.Empty, null, null, string.Empty, "::error::empty strings are left out" },

        // A column without a line points nowhere; line 0 is unknown.
        { Severity.Error, "m", "a.yaml", null, 7, null, "::error file=a.yaml::m" },
        { Severity.Error, "m", "a.yaml", 0, 7, null, "::error file=a.yaml::m" },

        // Stdin is no file to annotate.
        { Severity.Error, "m", "-", 2, 1, null, "::error line=2,col=1::m" },

        // The message: '%' CR LF escaped; ':' ',' and "::" kept, since only the first "::" ends the properties.
        { Severity.Error, "50% done\r\nnext", null, null, null, null, "::error::50%25 done%0D%0Anext" },
        { Severity.Error, "a, b: c :: d", null, null, null, null, "::error::a, b: c :: d" },
        { Severity.Error, "%0A is not a newline", null, null, null, null, "::error::%250A is not a newline" },

        // A property: ':' and ',' too, which would end the value.
        {
            Severity.Error, "m", "C:\\a,b%.yaml", 1, 1, "ns/name: x,y\nz",
            "::error file=C%3A\\a%2Cb%25.yaml,line=1,col=1,title=ns/name%3A x%2Cy%0Az::m"
        },

        // A message cannot end the line and issue a command of its own.
        {
            Severity.Warning, "ok\n::add-mask::secret\r::stop-commands::x", null, null, null, null,
            "::warning::ok%0A::add-mask::secret%0D::stop-commands::x"
        },

        // Beyond ASCII nothing is escaped.
        { Severity.Error, "日本語 ünï 🚀 <&>\"'", "ü/日.yaml", 1, 2, "🚀", "::error file=ü/日.yaml,line=1,col=2,title=🚀::日本語 ünï 🚀 <&>\"'" },
    };

    [Theory]
    [MemberData(nameof(Annotations))]
    public void Annotation(Severity severity, string message, string? file, int? line, int? column, string? title, string expected)
    {
        Assert.Equal(expected, WorkflowCommands.Annotation(severity, message, file, line, column, title));
    }

    [Theory]
    [InlineData("", "", "")]
    [InlineData("plain", "plain", "plain")]
    [InlineData("%", "%25", "%25")]
    [InlineData("%25", "%2525", "%2525")]
    [InlineData("\r\n", "%0D%0A", "%0D%0A")]
    [InlineData("a:b,c", "a:b,c", "a%3Ab%2Cc")]
    [InlineData("::", "::", "%3A%3A")]
    public void Escaping(string value, string data, string property)
    {
        Assert.Equal(data, WorkflowCommands.EscapeData(value));
        Assert.Equal(property, WorkflowCommands.EscapeProperty(value));
    }

    [Theory]
    [InlineData(ReportSamples.Hostile)]
    [InlineData("%0A%3A%2C%25")]
    public void What_the_runner_unescapes_is_what_went_in(string value)
    {
        Assert.Equal(value, RunnerUnescape(WorkflowCommands.EscapeData(value)));
        Assert.Equal(value, RunnerUnescape(WorkflowCommands.EscapeProperty(value)));
        Assert.DoesNotContain('\n', WorkflowCommands.EscapeData(value));
        Assert.DoesNotContain('\r', WorkflowCommands.EscapeData(value));
        Assert.DoesNotContain(':', WorkflowCommands.EscapeProperty(value));
        Assert.DoesNotContain(',', WorkflowCommands.EscapeProperty(value));
    }

    [Fact]
    public void A_line_per_finding_with_paths_relative_to_the_workspace()
    {
        var entries = new[]
        {
            ReportSamples.Valid(),
            ReportSamples.Invalid() with { File = ReportSamples.Workspace + "/routes/bad.yaml" },
            ReportSamples.Warned() with { File = "/etc/redis.yaml" },
        };
        string[] expected =
        [
            "::error file=routes/bad.yaml,line=20,col=15,title=openmcf validate%3A routes/bad.yaml#2::"
                + "spec.rules[0].backendRefs[0].port: must be between 1 and 65535",
            "::warning file=routes/bad.yaml,line=21,col=17,title=openmcf validate%3A routes/bad.yaml#2::"
                + "spec.rules[0].backendRefs[0].weight: weight 0 sends no traffic",
            "::error file=routes/bad.yaml,line=12,col=1,title=openmcf validate%3A routes/bad.yaml#2::"
                + "spec.rules[0].backendRefs[0].name: must be a DNS-1035 label",
            "::warning file=/etc/redis.yaml,line=1,title=openmcf check%3A cache/redis (kind-dev)::"
                + "spec.rules[0].backendRefs[0]: Service cache/redis does not exist yet",
        ];
        Assert.Equal(expected, Lines(entries, ReportSamples.Paths));
    }

    [Theory]
    [MemberData(nameof(ReportSamples.SetNames), MemberType = typeof(ReportSamples))]
    public void Every_line_is_one_command_whatever_the_input(string set)
    {
        var entries = ReportSamples.Set(set);
        var lines = Lines(entries, ReportSamples.Paths).ToList();
        Assert.Equal(entries.Sum(e => e.Findings.Count), lines.Count);
        foreach (var line in lines)
        {
            Assert.Matches(@"^::(error|warning)( [a-z]+=[^,:\r\n]*(,[a-z]+=[^,:\r\n]*)*)?::[^\r\n]*$", line);
        }
    }

    [Fact]
    public void A_huge_message_is_escaped_whole()
    {
        var line = WorkflowCommands.Annotation(Severity.Error, ReportSamples.Huge, "a.yaml", 1, 1, null);
        Assert.Equal(ReportSamples.Huge, RunnerUnescape(line[(line.IndexOf("::", 2, StringComparison.Ordinal) + 2)..]));
    }

    /// <summary>The runner's reading, in the opposite order of the escaping, so that "%250A" stays "%0A".</summary>
    private static string RunnerUnescape(string value) =>
        value.Replace("%0D", "\r", StringComparison.Ordinal)
            .Replace("%0A", "\n", StringComparison.Ordinal)
            .Replace("%3A", ":", StringComparison.Ordinal)
            .Replace("%2C", ",", StringComparison.Ordinal)
            .Replace("%25", "%", StringComparison.Ordinal);

    /// <summary>Every finding of every entry annotated, in order, with the entry's place where the finding has none.</summary>
    private static IEnumerable<string> Lines(IEnumerable<ReportEntry> entries, ReportPaths paths)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(paths);
        foreach (var entry in entries)
        {
            foreach (var finding in entry.Findings)
            {
                var (file, line, column) = entry.LocationOf(finding);
                var message = finding.Path.Length == 0 ? finding.Message : $"{finding.Path}: {finding.Message}";
                var title = $"openmcf {entry.Command}: {entry.DisplayName}";
                yield return WorkflowCommands.Annotation(finding.Severity, message, paths.Display(file), line, column, title);
            }
        }
    }
}
