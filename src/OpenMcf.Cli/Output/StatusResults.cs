using System.Text.Json.Nodes;
using OpenMcf.TcpRoute.Cluster;

namespace OpenMcf.Cli.Output;

/// <summary>status's words: in step, missing, drifted, not accepted, not declared; the managers, the drift, the parents.</summary>
internal sealed class StatusResults : IResultFormat<RouteState>
{
    public string? DryRun => null;

    public string Verb(RouteState value) => Word(value) switch
    {
        "missing" => "missing",
        "undeclared" => "not declared by any manifest (apply --prune would delete it)",
        "drifted" => "drifted",
        "notAccepted" => "not accepted",
        _ => "in step",
    };

    public string Action(RouteState value) => Word(value);

    public bool HasOutputs(RouteState value) => value.Exists;

    public IEnumerable<string> Details(RouteResult<RouteState> result)
    {
        var state = result.Value!;
        if (!state.Exists)
        {
            yield break;
        }

        yield return $"  managers: {string.Join(", ", state.Managers.Select(m => $"{m.Manager} ({m.Operation})"))}";
        foreach (var drift in state.Drift)
        {
            yield return $"  drift {drift.Path}: {drift.Problem}";
        }

        foreach (var line in ParentStates.Lines(state.Parents))
        {
            yield return line;
        }
    }

    public void Describe(RouteResult<RouteState> result, JsonObject json)
    {
        if (result.Value is not { } state)
        {
            return;
        }

        json["namespace"] = result.Route.Namespace;
        json["exists"] = state.Exists;
        json["declared"] = state.Declared;
        json["managers"] = new JsonArray(state.Managers
            .Select(m => (JsonNode)new JsonObject { ["manager"] = m.Manager, ["operation"] = m.Operation }).ToArray<JsonNode?>());
        json["drift"] = new JsonArray(state.Drift
            .Select(d => (JsonNode)new JsonObject { ["path"] = d.Path, ["problem"] = d.Problem }).ToArray<JsonNode?>());
        json["parents"] = ParentStates.ToJson(state.Parents);
    }

    private static string Word(RouteState state) =>
        !state.Exists ? "missing"
        : !state.Declared ? "undeclared"
        : state.Drift.Count > 0 ? "drifted"
        : !state.Parents.Accepted ? "notAccepted"
        : "inStep";
}
