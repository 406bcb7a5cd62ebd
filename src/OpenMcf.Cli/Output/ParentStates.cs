using System.Text.Json.Nodes;
using OpenMcf.TcpRoute.Cluster;

namespace OpenMcf.Cli.Output;

/// <summary>What a route's parents say (apply --wait, status), in text lines and in JSON, one way for both commands.</summary>
internal static class ParentStates
{
    public static IEnumerable<string> Lines(WaitOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        foreach (var parent in outcome.Parents)
        {
            yield return $"  parent {parent.Parent}: {Words(parent)}";
        }

        if (outcome.Parents.Count == 0)
        {
            yield return $"  {(outcome.TimedOut ? "timed out" : "not accepted")}: {outcome.Problem}";
        }
    }

    public static JsonObject ToJson(WaitOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return new JsonObject
        {
            ["accepted"] = outcome.Accepted,
            ["timedOut"] = outcome.TimedOut,
            ["problem"] = outcome.Problem,
            ["parents"] = new JsonArray(outcome.Parents.Select(p => (JsonNode)new JsonObject
            {
                ["parent"] = p.Parent,
                ["controller"] = p.Controller,
                ["accepted"] = p.Accepted,
                ["resolvedRefs"] = p.ResolvedRefs,
                ["reason"] = p.Reason,
                ["explanation"] = p.Explanation,
            }).ToArray<JsonNode?>()),
        };
    }

    private static string Words(ParentState parent)
    {
        var by = parent.Controller is null ? string.Empty : $" (by {parent.Controller})";
        if (parent.Reason is not null)
        {
            return $"rejected, {parent.Reason}: {parent.Explanation}{by}";
        }

        return parent.Accepted && parent.ResolvedRefs ? $"Accepted, ResolvedRefs{by}" : $"pending: {parent.Explanation}{by}";
    }
}
