using System.Text.Json.Nodes;
using OpenMcf.TcpRoute.Mapping;

namespace OpenMcf.TcpRoute.Cluster;

/// <summary>A field manager of the live route, as its managedFields name it.</summary>
public sealed record FieldManager(string Manager, string Operation);

/// <summary>One way the live route has left its manifest: a value that differs, or a field another manager took.</summary>
public sealed record FieldDrift(string Path, string Problem);

/// <summary>How a route stands: whether it exists, who manages it, how it drifted, what its parents say.</summary>
/// <param name="Declared">A manifest declares it; false for a set member that none does (prune would delete it).</param>
/// <param name="Parents">Each parent's Accepted/ResolvedRefs, as --wait reads them.</param>
public sealed record RouteState(
    bool Exists, bool Declared, IReadOnlyList<FieldManager> Managers, IReadOnlyList<FieldDrift> Drift, WaitOutcome Parents)
{
    /// <summary>Present, declared, as declared, and accepted by every parent.</summary>
    public bool InStep => Exists && Declared && Drift.Count == 0 && Parents.Accepted;

    /// <summary>
    /// Compares the live route with the route as rendered from its manifest (null: no manifest), read
    /// only: every label and spec field the manifest sets must hold its value live (the server's
    /// defaults beside them are not drift), and be owned by <paramref name="fieldManager"/>.
    /// </summary>
    public static RouteState Of(JsonObject? live, JsonObject? rendered, string fieldManager, RouteRequest? request, string routeNamespace)
    {
        ArgumentNullException.ThrowIfNull(fieldManager);
        if (live is null)
        {
            return new RouteState(false, rendered is not null, [], [], new WaitOutcome(false, false, [], "the route does not exist"));
        }

        var entries = (live["metadata"]?["managedFields"]?.AsArray() ?? []).OfType<JsonObject>().ToList();
        var managers = entries
            .Select(e => new FieldManager((string?)e["manager"] ?? "(unnamed)", (string?)e["operation"] ?? "?"))
            .Distinct()
            .ToList();
        var drift = new List<FieldDrift>();
        if (rendered is not null)
        {
            var held = new List<(string Path, string[] Owned)>();
            foreach (var (key, value) in rendered["metadata"]?["labels"]?.AsObject() ?? [])
            {
                var path = $"metadata.labels[\"{key}\"]";
                Compare(path, ["metadata", "labels", key], value, live["metadata"]?["labels"]?[key], drift, held);
            }

            Compare("spec", ["spec"], rendered["spec"], live["spec"], drift, held);
            foreach (var (path, owned) in held)
            {
                var owners = entries.Where(e => Owns(e["fieldsV1"] as JsonObject, owned)).ToList();
                if (!owners.Any(e => (string?)e["manager"] == fieldManager && (string?)e["operation"] == "Apply"))
                {
                    var others = owners.Select(e => $"{e["manager"]} ({e["operation"]})").Distinct().ToList();
                    drift.Add(new FieldDrift(
                        path,
                        others.Count == 0
                            ? $"not managed by {fieldManager}"
                            : $"managed by {string.Join(", ", others)}, not {fieldManager}: another manager took it over"));
                }
            }
        }

        return new RouteState(true, rendered is not null, managers, drift, AcceptanceWaiter.Evaluate(request, live, routeNamespace));
    }

    /// <summary>
    /// Compares a declared value with the live one, down to each leaf (the server's defaults beside them are not drift).
    /// A leaf that holds is noted with the fields that own it: down to the first list, since Gateway API lists are atomic.
    /// </summary>
    /// <param name="owned">The object keys from the root to the first list ("" once inside one).</param>
    private static void Compare(
        string path, string[] owned, JsonNode? declared, JsonNode? live, List<FieldDrift> drift, List<(string, string[])> held)
    {
        var inList = owned.Length > 0 && owned[^1].Length == 0;
        switch (declared, live)
        {
            case (JsonObject d, JsonObject l):
                foreach (var (key, value) in d)
                {
                    Compare($"{path}.{key}", inList ? owned : [.. owned, key], value, l[key], drift, held);
                }

                return;
            case (JsonArray d, JsonArray l) when d.Count == l.Count:
                for (var i = 0; i < d.Count; i++)
                {
                    Compare($"{path}[{i}]", inList ? owned : [.. owned, string.Empty], d[i], l[i], drift, held);
                }

                return;
            default:
                if (declared is not (JsonObject or JsonArray) && JsonNode.DeepEquals(declared, live))
                {
                    held.Add((path, [.. owned.Where(s => s.Length > 0)]));
                }
                else
                {
                    drift.Add(new FieldDrift(path, $"the manifest says {Show(declared)}, the cluster has {Show(live)}"));
                }

                return;
        }
    }

    /// <summary>Whether a managedFields entry's fieldsV1 claims the field (or, for a list, the list).</summary>
    private static bool Owns(JsonObject? fields, string[] segments)
    {
        JsonNode? node = fields;
        foreach (var segment in segments)
        {
            node = node?[$"f:{segment}"];
            if (node is null)
            {
                return false;
            }
        }

        return true;
    }

    private static string Show(JsonNode? node) => node?.ToJsonString() ?? "nothing";
}
