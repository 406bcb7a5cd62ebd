using System.Text.Json.Nodes;
using OpenMcf.TcpRoute.Manifests;

namespace OpenMcf.TcpRoute.Mapping;

/// <summary>
/// The one place that knows the Gateway API TCPRoute shape. Fields the manifest leaves unset stay
/// unset, so that the server fills its defaults and the applied configuration owns only what the
/// user wrote.
/// </summary>
public static class TcpRouteMapper
{
    /// <summary>Label values stop at 63 characters; route names go to 253.</summary>
    private const int MaxLabelValue = 63;

    /// <summary>Maps a valid manifest to a TCPRoute in <paramref name="version"/> of the Gateway API group.</summary>
    /// <param name="namespace">The resolved namespace (see <see cref="NamespaceResolver"/>).</param>
    /// <param name="partOf">The id of the ApplySet the route is a member of (labelled applyset.kubernetes.io/part-of).</param>
    public static JsonObject Map(
        TcpRouteManifest manifest, string @namespace, string version = GatewayApi.DefaultVersion, string? partOf = null)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var name = manifest.Metadata?.Name
            ?? throw new ArgumentException("the manifest has no metadata.name; validate it first", nameof(manifest));
        var spec = manifest.Spec ?? throw new ArgumentException("the manifest has no spec; validate it first", nameof(manifest));

        var routeSpec = new JsonObject();
        if (spec.ParentRefs is { } parentRefs)
        {
            routeSpec["parentRefs"] = new JsonArray(parentRefs.Select(MapParentRef).ToArray<JsonNode?>());
        }

        if (spec.UseDefaultGateways is { } useDefaultGateways)
        {
            routeSpec["useDefaultGateways"] = useDefaultGateways;
        }

        routeSpec["rules"] = new JsonArray((spec.Rules ?? []).Select(MapRule).ToArray<JsonNode?>());

        var labels = new JsonObject
        {
            ["app.kubernetes.io/name"] = "tcproute",
            ["app.kubernetes.io/instance"] = InstanceLabel(name),
            ["app.kubernetes.io/component"] = "tcproute",
            ["app.kubernetes.io/managed-by"] = "openmcf",
        };
        if (partOf is not null)
        {
            labels[Cluster.ApplySet.PartOfLabel] = partOf;
        }

        return new JsonObject
        {
            ["apiVersion"] = GatewayApi.GroupVersion(version),
            ["kind"] = GatewayApi.TcpRouteKind,
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = @namespace,
                ["labels"] = labels,
            },
            ["spec"] = routeSpec,
        };
    }

    /// <summary>
    /// The route's name as a label value. A name of 64 to 253 characters (valid for a route) would make
    /// the server refuse the whole object, so it is cut to 52 characters, then '-' and the first 10
    /// hex digits of its SHA-256: still readable, still distinct for distinct names, at most 63.
    /// </summary>
    public static string InstanceLabel(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length <= MaxLabelValue)
        {
            return name;
        }

        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name)));

        // A label value starts and ends with a letter or digit; a name is a DNS subdomain, so only the cut end needs care.
        return $"{name[..52].TrimEnd('-', '.')}-{hash[..10]}";
    }

    private static JsonObject MapParentRef(ParentReference p)
    {
        var o = new JsonObject();
        Set(o, "group", p.Group);
        Set(o, "kind", p.Kind);
        Set(o, "namespace", p.Namespace);
        Set(o, "name", p.Name);
        Set(o, "sectionName", p.SectionName);
        Set(o, "port", p.Port);
        return o;
    }

    private static JsonObject MapRule(TcpRouteRule rule)
    {
        var o = new JsonObject();
        Set(o, "name", rule.Name);
        o["backendRefs"] = new JsonArray((rule.BackendRefs ?? []).Select(MapBackendRef).ToArray<JsonNode?>());
        return o;
    }

    private static JsonObject MapBackendRef(BackendReference b)
    {
        var o = new JsonObject();
        Set(o, "group", b.Group);
        Set(o, "kind", b.Kind);
        Set(o, "name", b.Name);
        Set(o, "namespace", b.Namespace);
        Set(o, "port", b.Port);
        Set(o, "weight", b.Weight);
        return o;
    }

    private static void Set(JsonObject o, string field, string? value)
    {
        if (value is not null)
        {
            o[field] = value;
        }
    }

    private static void Set(JsonObject o, string field, long? value)
    {
        if (value is { } v)
        {
            o[field] = v;
        }
    }
}
