using System.Text.Json.Nodes;
using Json.Schema;
using OpenMcf.TcpRoute.Schema;
using OpenMcf.TcpRoute.Tests.Support;

namespace OpenMcf.TcpRoute.Tests.Schema;

/// <summary>The published JSON Schema agrees with the tool: samples pass it, invalid samples fail it where the tool fails them.</summary>
public class ManifestSchemaTests
{
    private static readonly JsonSchema Schema = JsonSchema.FromText(ManifestSchema.Text);

    public static TheoryData<string> Samples() => new(Directory.GetFiles(RepoPaths.Samples, "*.yaml").Order(StringComparer.Ordinal));

    public static TheoryData<string> InvalidSamples() =>
        new(Directory.GetFiles(Path.Combine(RepoPaths.Samples, "invalid"), "*.yaml").Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_sample_validates_against_the_schema(string sample)
    {
        var result = Schema.Evaluate(Element(File.ReadAllText(sample)), new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, $"{sample}: {string.Join("; ", Failures(result))}");
    }

    [Theory]
    [MemberData(nameof(InvalidSamples))]
    public void Every_invalid_sample_fails_the_schema_where_the_tool_fails_it(string sample)
    {
        var text = File.ReadAllText(sample);
        var result = Schema.Evaluate(Element(text), new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.False(result.IsValid);
        var schemaPaths = Failures(result).Select(f => f.Path).ToHashSet();
        foreach (var error in ManifestText.Errors(text))
        {
            // The schema reports a missing field at its object, the tool at the field itself.
            var parent = error.Path[..Math.Max(0, error.Path.LastIndexOf('.'))];
            Assert.True(
                schemaPaths.Contains(error.Path) || schemaPaths.Contains(parent),
                $"{sample}: the tool reports {error.Path}, the schema only {string.Join(", ", schemaPaths)}");
        }
    }

    [Fact]
    public void Schema_accepts_snake_case_names_like_the_tool()
    {
        var yaml = ManifestText.Minimal
            .Replace("parentRefs", "parent_refs", StringComparison.Ordinal)
            .Replace("backendRefs", "backend_refs", StringComparison.Ordinal);
        Assert.True(Schema.Evaluate(Element(yaml)).IsValid);
    }

    private static IEnumerable<(string Path, string Message)> Failures(EvaluationResults result) =>
        (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e =>
                (ToManifestPath(d.InstanceLocation.ToString()), $"{d.InstanceLocation}: {e.Key}: {e.Value}")));

    /// <summary>"/spec/rules/0/backendRefs/0/port" → "spec.rules[0].backendRefs[0].port".</summary>
    private static string ToManifestPath(string pointer)
    {
        var path = string.Empty;
        foreach (var segment in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            path = int.TryParse(segment, out _) ? $"{path}[{segment}]" : path.Length == 0 ? segment : $"{path}.{segment}";
        }

        return path;
    }

    private static System.Text.Json.JsonElement Element(string yaml) =>
        System.Text.Json.JsonDocument.Parse(YamlJson.ToJson(yaml)!.ToJsonString()).RootElement;
}
