using System.Text.Json.Nodes;
using OpenMcf.TcpRoute.Cluster;

namespace OpenMcf.Cli.Output;

/// <summary>plan's words: what apply would do, and a line per managed field it would change.</summary>
internal sealed class PlanResults : IResultFormat<Planned>
{
    public string? DryRun => "server";

    // A plan is a dry run by nature: no "(server dry run)" on every line.
    public string Suffix => string.Empty;

    public string Verb(Planned value) => value.Action switch
    {
        PlanAction.Create => "would be created",
        PlanAction.Change => "would change",
        PlanAction.Delete => "would be deleted",
        _ => "unchanged",
    };

    public string Action(Planned value) => value.Action.ToString().ToLowerInvariant();

    public IEnumerable<string> Details(RouteResult<Planned> result) => result.Value!.Changes.Select(ChangeLine);

    public void Describe(RouteResult<Planned> result, JsonObject json)
    {
        if (result.Value is not { } planned)
        {
            return;
        }

        json["changes"] = new JsonArray(planned.Changes.Select(c => (JsonNode)new JsonObject
        {
            ["path"] = c.Path,
            ["before"] = c.Before?.DeepClone(),
            ["after"] = c.After?.DeepClone(),
        }).ToArray<JsonNode?>());
    }

    private static string ChangeLine(FieldChange change) => (change.Before, change.After) switch
    {
        (null, var after) => $"  + {change.Path}: {Show(after)}",
        (var before, null) => $"  - {change.Path}: {Show(before)}",
        var (before, after) => $"  ~ {change.Path}: {Show(before)} -> {Show(after)}",
    };

    private static string Show(JsonNode? node) => node?.ToJsonString(JsonOutput.Compact) ?? "null";
}
