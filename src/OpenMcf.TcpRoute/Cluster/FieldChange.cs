using System.Text.Json.Nodes;

namespace OpenMcf.TcpRoute.Cluster;

/// <summary>One difference in the fields the tool manages; Before or After is null when the field is added or removed.</summary>
public sealed record FieldChange(string Path, JsonNode? Before, JsonNode? After);

/// <summary>Compares what the tool manages of a TCPRoute (its labels and spec) between two versions of the live object.</summary>
public static class ManagedFields
{
    public static IReadOnlyList<FieldChange> Diff(JsonObject? before, JsonObject? after)
    {
        var changes = new List<FieldChange>();
        Compare("metadata.labels", before?["metadata"]?["labels"], after?["metadata"]?["labels"], changes);
        Compare("spec", before?["spec"], after?["spec"], changes);
        return changes;
    }

    private static void Compare(string path, JsonNode? a, JsonNode? b, List<FieldChange> changes)
    {
        switch (a, b)
        {
            case (null, null):
                return;
            case (JsonObject oa, JsonObject ob):
                foreach (var key in oa.Select(p => p.Key).Union(ob.Select(p => p.Key)))
                {
                    Compare(Child(path, key), oa[key], ob[key], changes);
                }

                return;
            case (JsonArray la, JsonArray lb):
                for (var i = 0; i < Math.Max(la.Count, lb.Count); i++)
                {
                    Compare($"{path}[{i}]", i < la.Count ? la[i] : null, i < lb.Count ? lb[i] : null, changes);
                }

                return;
            default:
                if (!JsonNode.DeepEquals(a, b))
                {
                    changes.Add(new FieldChange(path, a?.DeepClone(), b?.DeepClone()));
                }

                return;
        }
    }

    // Label keys contain dots and slashes; they are quoted so the path stays readable.
    private static string Child(string path, string key) =>
        key.Contains('.', StringComparison.Ordinal) || key.Contains('/', StringComparison.Ordinal) ? $"{path}[\"{key}\"]" : $"{path}.{key}";
}
