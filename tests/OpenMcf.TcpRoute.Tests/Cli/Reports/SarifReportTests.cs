using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using OpenMcf.Cli.Reports;
using OpenMcf.TcpRoute.Validation;

namespace OpenMcf.TcpRoute.Tests.Cli.Reports;

/// <summary>SARIF 2.1.0: valid against the OASIS schema for every input, a result per finding and a pass per clean entry.</summary>
public class SarifReportTests
{
    private static readonly JsonSchema Schema = LoadSchema();

    private static readonly EvaluationOptions Evaluation = new()
    {
        OutputFormat = OutputFormat.List,

        // "uri", "uri-reference": an unescaped space in an artifact's URI would pass as an annotation only.
        RequireFormatValidation = true,
    };

    [Theory]
    [MemberData(nameof(ReportSamples.SetNames), MemberType = typeof(ReportSamples))]
    public void Every_log_is_valid_against_the_schema(string set)
    {
        var errors = SchemaErrors(Write(ReportSamples.Set(set)));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Theory]
    [InlineData("""
        {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"message": {"text": "m"}, "level": "fatal"}]}]}
        """)]
    [InlineData("""{"version": "2.1.0", "runs": [{"tool": {"driver": {}}}]}""")]
    [InlineData("""
        {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"message": {"text": "m"},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a.yaml"}, "region": {"startLine": 0}}}]}]}]}
        """)]
    [InlineData("""{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x", "informationUri": "not a uri"}}}]}""")]
    [InlineData("""{"version": "2.1.0", "runs": [], "extra": 1}""")]
    public void The_schema_check_rejects_what_the_schema_forbids(string log)
    {
        // Else a writer that wrote anything would pass the test above.
        Assert.NotEmpty(SchemaErrors(Encoding.UTF8.GetBytes(log)));
    }

    [Fact]
    public void The_log_names_its_schema_version_and_tool()
    {
        var log = Parse(Write([ReportSamples.Valid()], new Uri("https://example.org/openmcf")));
        Assert.Equal(SarifReport.SchemaUri, (string?)log["$schema"]);
        Assert.Equal("2.1.0", (string?)log["version"]);
        var run = Assert.Single(log["runs"]!.AsArray())!;
        var driver = run["tool"]!["driver"]!;
        Assert.Equal(
            ("openmcf", "1.2.3", "https://example.org/openmcf"),
            ((string?)driver["name"], (string?)driver["version"], (string?)driver["informationUri"]));
        Assert.Equal("openmcf/validate/", (string?)run["automationDetails"]!["id"]);
        Assert.Equal($"file://{ReportSamples.Workspace}/", (string?)run["originalUriBaseIds"]!["%SRCROOT%"]!["uri"]);
    }

    [Fact]
    public void A_result_per_finding_and_a_pass_per_entry_without_findings()
    {
        var results = Results(Write([ReportSamples.Valid(), ReportSamples.Invalid(), ReportSamples.Warned()]));
        Assert.Equal(
            [
                ("validate", "pass", "none", "app/postgres: valid", "routes/postgres.yaml", 1, 1),
                ("validate", null, "error", "spec.rules[0].backendRefs[0].port: must be between 1 and 65535", "routes/bad.yaml", 20, 15),
                ("validate", null, "warning", "spec.rules[0].backendRefs[0].weight: weight 0 sends no traffic", "routes/bad.yaml", 21, 17),
                ("service-name", null, "error", "spec.rules[0].backendRefs[0].name: must be a DNS-1035 label", "routes/bad.yaml", 12, 1),
                ("check", null, "warning", "spec.rules[0].backendRefs[0]: Service cache/redis does not exist yet", "routes/redis.yaml", 1,
                    null),
            ],
            results.Select(r => (
                (string?)r["ruleId"],
                (string?)r["kind"],
                (string?)r["level"],
                (string?)r["message"]!["text"],
                (string?)r["locations"]![0]!["physicalLocation"]!["artifactLocation"]!["uri"],
                (int?)r["locations"]![0]!["physicalLocation"]!["region"]!["startLine"],
                (int?)r["locations"]![0]!["physicalLocation"]!["region"]!["startColumn"])));
        Assert.All(
            results,
            r => Assert.Equal("%SRCROOT%", (string?)r["locations"]![0]!["physicalLocation"]!["artifactLocation"]!["uriBaseId"]));
    }

    [Fact]
    public void The_rules_are_those_used_in_order_of_first_use_and_each_result_points_at_its_own()
    {
        var log = Parse(Write([ReportSamples.Valid(), ReportSamples.Invalid(), ReportSamples.Warned()], ruleHelp: StricterRules.Reasons));
        var rules = log["runs"]![0]!["tool"]!["driver"]!["rules"]!.AsArray();
        Assert.Equal(["validate", "service-name", "check"], rules.Select(r => (string?)r!["id"]));
        Assert.Equal(StricterRules.Reasons["service-name"], (string?)rules[1]!["fullDescription"]!["text"]);
        Assert.Null(rules[0]!["fullDescription"]);
        foreach (var result in log["runs"]![0]!["results"]!.AsArray())
        {
            Assert.Equal((string?)result!["ruleId"], (string?)rules[(int)result["ruleIndex"]!]!["id"]);
        }
    }

    [Fact]
    public void Several_commands_make_one_run_without_a_category()
    {
        var run = Parse(Write(ReportSamples.Set("several commands")))["runs"]!.AsArray().Single()!;
        Assert.Null(run["automationDetails"]);
        Assert.Equal(3, run["results"]!.AsArray().Count);
    }

    [Fact]
    public void Paths_relative_escaped_absolute_or_absent()
    {
        var locations = Results(Write(ReportSamples.Set("unusual paths")))
            .Select(r => r["locations"]?[0]?["physicalLocation"]?["artifactLocation"])
            .Select(a => a is null ? default((string?, string?)?) : ((string?)a["uri"], (string?)a["uriBaseId"]))
            .ToList();
        Assert.Equal(
            [
                null,
                ("file:///etc/openmcf/route.yaml", null),
                ("my%20routes/a%20b.yaml", "%SRCROOT%"),
                ("file:///home/runner/work/repo/other/route.yaml", null),
                null,
                null,
                null,
            ],
            locations);
    }

    [Fact]
    public void An_unknown_line_leaves_the_region_out()
    {
        var results = Results(Write(ReportSamples.Set("unknown places")));
        Assert.All(results, r => Assert.Null(r["locations"]![0]!["physicalLocation"]!["region"]));
    }

    [Fact]
    public void Hostile_and_huge_text_comes_back_exactly()
    {
        var entry = ReportSamples.Valid() with
        {
            Findings =
            [
                new(Severity.Error, ReportSamples.Hostile),
                new(Severity.Warning, ReportSamples.Huge) { Rule = ReportSamples.Hostile },
            ],
        };
        var results = Results(Write([entry]));
        Assert.Equal(ReportSamples.Hostile, (string?)results[0]["message"]!["text"]);
        Assert.Equal(ReportSamples.Huge, (string?)results[1]["message"]!["text"]);
        Assert.Equal(ReportSamples.Hostile, (string?)results[1]["ruleId"]);
    }

    [Fact]
    public void A_lone_surrogate_does_not_stop_the_writer()
    {
        var entry = ReportSamples.Valid() with { Findings = [new(Severity.Error, "lone \uD800 high")] };
        var text = (string?)Results(Write([entry]))[0]["message"]!["text"];
        Assert.Equal("lone \uFFFD high", text);
    }

    [Theory]
    [InlineData("routes/a.yaml", "routes/a.yaml", true)]
    [InlineData("my routes/a#1 ü.yaml", "my%20routes/a%231%20%C3%BC.yaml", true)]
    [InlineData("/etc/a b.yaml", "file:///etc/a%20b.yaml", false)]
    public void Artifact_uris(string file, string uri, bool relative)
    {
        Assert.Equal((uri, relative), SarifReport.ArtifactUri(file, ReportSamples.Paths));
    }

    [Fact]
    public void Stdin_has_no_artifact_uri()
    {
        Assert.Null(SarifReport.ArtifactUri("-", ReportSamples.Paths));
    }

    private static byte[] Write(
        IReadOnlyList<ReportEntry> entries, Uri? informationUri = null, IReadOnlyDictionary<string, string>? ruleHelp = null)
    {
        using var stream = new MemoryStream();
        SarifReport.Write(stream, entries, ReportSamples.Paths, "1.2.3", informationUri, ruleHelp);
        return stream.ToArray();
    }

    private static JsonNode Parse(byte[] log) => JsonNode.Parse(log)!;

    private static List<JsonNode> Results(byte[] log) => [.. Parse(log)["runs"]![0]!["results"]!.AsArray().Select(r => r!)];

    internal static List<string> SchemaErrors(byte[] log)
    {
        using var document = JsonDocument.Parse(log);
        var result = Schema.Evaluate(document.RootElement, Evaluation);
        return result.IsValid ? [] : [.. (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}")), "invalid"];
    }

    /// <summary>
    /// The OASIS schema says draft-04, which JsonSchema.Net does not implement; it is read as draft-07, which means the
    /// same for every keyword this schema uses (PROVENANCE.md says which). Its draft-04 "id" is only ignored.
    /// </summary>
    private static JsonSchema LoadSchema()
    {
        var text = File.ReadAllText(RepoPaths.TestData("Cli/Reports/Schemas/sarif-schema-2.1.0.json"));
        const string draft04 = "\"$schema\": \"http://json-schema.org/draft-04/schema#\"";
        Assert.Contains(draft04, text, StringComparison.Ordinal);
        const string draft07 = "\"$schema\": \"http://json-schema.org/draft-07/schema#\"";
        return JsonSchema.FromText(text.Replace(draft04, draft07, StringComparison.Ordinal));
    }
}
