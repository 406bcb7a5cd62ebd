using System.Text.Json.Nodes;

namespace OpenMcf.TcpRoute.Cluster;

/// <summary>
/// Whether a server-side apply of a rendered route would change nothing, decided from the live
/// object alone, so that a re-apply of unchanged routes sends no request.
/// <para>
/// Why this is the server's own answer: a server-side apply by manager M of configuration C
/// changes an object only by (a) setting a field of C to another value, (b) taking ownership of a
/// field of C that M does not own yet, (c) removing a field M owns that C no longer has, or
/// (d) recording M's fields under another apiVersion. So it is a no-op when M has exactly one
/// Apply entry, recorded under C's apiVersion, whose field set is exactly C's ((b), (c), (d)), and
/// every value of C is live ((a)). Fields others own beside C's are not touched by M's apply; a
/// conflict needs a differing value, so none can arise and --force-conflicts changes nothing.
/// </para>
/// <para>
/// Gateway API lists are atomic (owned whole, "f:rules": {}): an element's fields the manifest
/// leaves out are the server's defaults, which an apply would set again, unless an earlier apply
/// set them to something else. So each such field must hold its default; any other one, a list
/// recorded element by element, or anything else unexpected is a doubt, and a doubt sends the apply.
/// </para>
/// </summary>
public static class NoOpApply
{
    /// <summary>The defaults the CRD fills into list elements, by the list's name.</summary>
    private static readonly Dictionary<string, Dictionary<string, JsonNode>> ElementDefaults = new(StringComparer.Ordinal)
    {
        ["parentRefs"] = new(StringComparer.Ordinal) { ["group"] = GatewayApi.Group, ["kind"] = GatewayApi.GatewayKind },
        ["backendRefs"] = new(StringComparer.Ordinal)
        {
            ["group"] = GatewayApi.CoreGroup,
            ["kind"] = GatewayApi.ServiceKind,
            ["weight"] = 1,
        },
        ["rules"] = new(StringComparer.Ordinal),
    };

    /// <param name="rendered">The route as openmcf would apply it (apiVersion, labels, spec).</param>
    /// <param name="live">The route as the cluster holds it, managedFields included; null when absent.</param>
    public static bool Holds(JsonObject rendered, JsonObject? live, string fieldManager)
    {
        ArgumentNullException.ThrowIfNull(rendered);
        if (live?["metadata"] is not JsonObject metadata || metadata["deletionTimestamp"] is not null)
        {
            return false;
        }

        var mine = (metadata["managedFields"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(e => (string?)e["manager"] == fieldManager && (string?)e["operation"] == "Apply")
            .ToList();
        if (mine is not [var entry]
            || (string?)entry["apiVersion"] != (string?)rendered["apiVersion"]
            || (string?)entry["fieldsType"] != "FieldsV1"
            || !JsonNode.DeepEquals(FieldSet(rendered), entry["fieldsV1"]))
        {
            return false;
        }

        var labels = rendered["metadata"]?["labels"] as JsonObject ?? [];
        return labels.All(l => JsonNode.DeepEquals(l.Value, metadata["labels"]?[l.Key]))
            && Same(rendered["spec"], live["spec"], null);
    }

    /// <summary>The fields an apply of <paramref name="rendered"/> owns, in fieldsV1 form: its labels and spec, lists whole.</summary>
    public static JsonObject FieldSet(JsonObject rendered)
    {
        ArgumentNullException.ThrowIfNull(rendered);
        var set = new JsonObject();
        if (rendered["metadata"]?["labels"] is JsonObject { Count: > 0 } labels)
        {
            set["f:metadata"] = new JsonObject { ["f:labels"] = Fields(labels) };
        }

        if (rendered["spec"] is JsonObject spec)
        {
            set["f:spec"] = Fields(spec);
        }

        return set;
    }

    private static JsonObject Fields(JsonObject o) =>
        new(o.Select(p => KeyValuePair.Create<string, JsonNode?>(
            $"f:{p.Key}", p.Value is JsonObject child ? Fields(child) : new JsonObject())));

    /// <param name="list">The list the value is an element of (its defaults apply); null outside lists.</param>
    private static bool Same(JsonNode? declared, JsonNode? live, string? list) => (declared, live) switch
    {
        (JsonObject d, JsonObject l) => d.All(p => Same(p.Value, l[p.Key], ListOf(p.Key, p.Value, list)))
            && (list is null || l.Where(p => !d.ContainsKey(p.Key)).All(p => IsDefault(list, p.Key, p.Value))),
        (JsonArray d, JsonArray l) => d.Count == l.Count && d.Zip(l).All(p => Same(p.First, p.Second, list)),
        (JsonObject or JsonArray, _) => false,
        _ => JsonNode.DeepEquals(declared, live),
    };

    // Inside a list element, a nested list brings its own defaults; so does a list met outside any.
    private static string? ListOf(string key, JsonNode? value, string? current) => value is JsonArray ? key : current;

    private static bool IsDefault(string list, string key, JsonNode? value) =>
        ElementDefaults.TryGetValue(list, out var defaults)
        && defaults.TryGetValue(key, out var expected)
        && JsonNode.DeepEquals(expected, value);
}
