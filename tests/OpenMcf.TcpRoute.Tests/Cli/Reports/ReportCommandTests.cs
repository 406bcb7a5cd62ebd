using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace OpenMcf.TcpRoute.Tests.Cli.Reports;

/// <summary>--report and --annotations as a user runs them: the real command tree, files written, then read back.</summary>
public sealed class ReportCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("openmcf-reports-").FullName;

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    private string Good => Write("good.yaml", ManifestText.Minimal);

    private string Bad => Write("bad.yaml", ManifestText.Minimal.Replace("port: 5432", "port: 99999", StringComparison.Ordinal));

    [Fact]
    public async Task Validate_writes_a_junit_and_a_sarif_report_of_every_document_each_valid_by_its_schema()
    {
        var junit = Path.Combine(_folder, "out.xml");
        var sarif = Path.Combine(_folder, "out.sarif");
        (await CliRun.Of("validate", "-f", Good, "-f", Bad, "--report", $"junit={junit}", "--report", $"sarif={sarif}")).Exits(1);

        var xml = await File.ReadAllBytesAsync(junit, TestContext.Current.CancellationToken);
        Assert.Empty(JUnitReportTests.SchemaErrors(xml));
        var cases = XDocument.Load(junit).Descendants("testcase").ToList();
        Assert.Equal(2, cases.Count);
        var failed = Assert.Single(cases, c => c.Element("failure") is not null);
        Assert.Contains("spec.rules[0].backendRefs[0].port", failed.Element("failure")!.Value, StringComparison.Ordinal);

        var log = await File.ReadAllBytesAsync(sarif, TestContext.Current.CancellationToken);
        Assert.Empty(SarifReportTests.SchemaErrors(log));
        var results = JsonNode.Parse(log)!["runs"]![0]!["results"]!.AsArray();
        var error = Assert.Single(results, r => (string?)r!["level"] == "error")!;
        var region = error["locations"]![0]!["physicalLocation"]!["region"]!;
        var line = File.ReadAllLines(Bad).ToList().FindIndex(l => l.Contains("99999", StringComparison.Ordinal)) + 1;
        Assert.Equal(line, (int)region["startLine"]!);
        Assert.Single(results, r => (string?)r!["kind"] == "pass");
    }

    [Fact]
    public async Task Annotations_github_adds_a_workflow_command_for_every_error_with_its_place()
    {
        var run = (await CliRun.Of("validate", "-f", Bad, "--annotations", "github")).Exits(1);

        var line = File.ReadAllLines(Bad).ToList().FindIndex(l => l.Contains("99999", StringComparison.Ordinal)) + 1;
        var annotation = Assert.Single(run.Stderr.Split('\n'), l => l.StartsWith("::error file=", StringComparison.Ordinal));
        var file = Bad.Replace(":", "%3A", StringComparison.Ordinal);
        Assert.StartsWith($"::error file={file},line={line},col=", annotation, StringComparison.Ordinal);
        Assert.Contains(",title=openmcf::spec.rules[0].backendRefs[0].port: ", annotation, StringComparison.Ordinal);

        // The run's verdict is annotated too, without a file; stdout stays the results alone.
        Assert.Contains("::error title=openmcf::1 of 1 documents invalid", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("::", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("::", (await CliRun.Of("validate", "-f", Bad, "--annotations", "none")).Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_report_that_cannot_be_written_is_an_error_that_says_so()
    {
        var run = (await CliRun.Of("validate", "-f", Good, "--report", $"junit={Path.Combine(_folder, "missing", "out.xml")}"))
            .Exits(2);
        Assert.Contains("error: cannot write the junit report to ", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("junit")]
    [InlineData("xml=out.xml")]
    [InlineData("junit=")]
    public async Task A_report_kind_or_path_that_is_wrong_is_a_usage_error(string value)
    {
        var run = (await CliRun.Of("validate", "-f", Good, "--report", value)).Exits(2);
        Assert.Contains($"'{value}' is not a report: use junit=PATH or sarif=PATH.", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Manifest_text_cannot_start_a_workflow_command_of_its_own()
    {
        // A value that holds a line break and a command, echoed whole by the validator's message (useDefaultGateways'
        // "found ..."; a name would already be shortened and escaped by the validator itself, and prove nothing here).
        var hostile = Write(
            "hostile.yaml", ManifestText.With("  rules:", "  useDefaultGateways: \"x\\n::warning::injected\"\n  rules:"));

        var run = (await CliRun.Of("validate", "-f", hostile, "--annotations", "github")).Exits(1);

        Assert.DoesNotContain(run.Stderr.Split('\n'), l => l.StartsWith("::warning::injected", StringComparison.Ordinal));
        Assert.Contains("\\n::warning::injected", run.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
