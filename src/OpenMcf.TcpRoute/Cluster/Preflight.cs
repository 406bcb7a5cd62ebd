using System.Text.Json.Nodes;
using OpenMcf.TcpRoute.Manifests;
using OpenMcf.TcpRoute.Mapping;
using OpenMcf.TcpRoute.Validation;

namespace OpenMcf.TcpRoute.Cluster;

/// <summary>
/// Checks, before applying, that what a route refers to exists and will admit it: its namespace,
/// each parent Gateway and a matching TCP listener whose allowedRoutes take this namespace and
/// kind, each backend Service and port, and a ReferenceGrant for each backend in another
/// namespace. Findings are diagnostics on the manifest field they concern; what cannot be read
/// (no permission, type not served) is a warning, never a failure.
/// </summary>
public sealed class Preflight(IClusterReader lookups)
{
    public async Task<IReadOnlyList<Diagnostic>> CheckAsync(RouteRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var map = request.Document.SourceMap;

        // Every check at once, so that their reads (the namespace, each Gateway, each Service and ReferenceGrant list)
        // are in flight together: one after another, a one-route apply's three took 3 of its 8 round trips. Each check
        // keeps its own findings, joined in the order the checks always had.
        var ns = lookups.ReadNamespace(request.Namespace, cancellationToken);
        var checks = new List<Task<Findings>> { CheckNamespaceAsync(request, ns, new Findings(map)) };
        var parentRefs = request.Manifest.Spec?.ParentRefs ?? [];
        for (var i = 0; i < parentRefs.Count; i++)
        {
            checks.Add(CheckParentAsync(request, parentRefs[i], $"spec.parentRefs[{i}]", ns, new Findings(map), cancellationToken));
        }

        var rules = request.Manifest.Spec?.Rules ?? [];
        for (var r = 0; r < rules.Count; r++)
        {
            var backends = rules[r].BackendRefs ?? [];
            for (var b = 0; b < backends.Count; b++)
            {
                var path = $"spec.rules[{r}].backendRefs[{b}]";
                checks.Add(CheckBackendAsync(request, backends[b], path, new Findings(map), cancellationToken));
            }
        }

        var found = await Task.WhenAll(checks).ConfigureAwait(false);
        return [.. found.SelectMany(f => f.List)];
    }

    private static async Task<Findings> CheckNamespaceAsync(RouteRequest request, Task<Lookup<JsonObject>> read, Findings findings)
    {
        var ns = await read.ConfigureAwait(false);
        if (ns.Unknown is not null)
        {
            findings.Warn("spec.namespace", $"cannot check namespace \"{request.Namespace}\": {ns.Unknown}");
        }
        else if (!ns.Exists)
        {
            findings.Error("spec.namespace", $"namespace \"{request.Namespace}\" does not exist; create it first");
        }

        return findings;
    }

    private async Task<Findings> CheckParentAsync(
        RouteRequest request,
        ParentReference parent,
        string path,
        Task<Lookup<JsonObject>> routeNamespace,
        Findings findings,
        CancellationToken cancellationToken)
    {
        if (!GatewayApi.IsGateway(parent))
        {
            findings.Warn(path, $"parent {GatewayApi.KindOf(parent)}/{parent.Name} is not a Gateway; not checked");
            return findings;
        }

        var gatewayNamespace = string.IsNullOrEmpty(parent.Namespace) ? request.Namespace : parent.Namespace;
        var gateway = await lookups.ReadGateway(gatewayNamespace, parent.Name!, cancellationToken).ConfigureAwait(false);
        if (gateway.Unknown is not null)
        {
            findings.Warn(path, $"cannot check Gateway {gatewayNamespace}/{parent.Name}: {gateway.Unknown}");
            return findings;
        }

        if (gateway.Value is null)
        {
            findings.Error(path, $"Gateway {gatewayNamespace}/{parent.Name} does not exist");
            return findings;
        }

        var listeners = gateway.Value["spec"]?["listeners"]?.AsArray().OfType<JsonObject>().ToList() ?? [];
        var candidates = listeners
            .Where(l => parent.SectionName is null || (string?)l["name"] == parent.SectionName)
            .Where(l => parent.Port is null || (long?)l["port"] == parent.Port)
            .ToList();
        var which = Describe(parent);
        if (candidates.Count == 0)
        {
            var names = string.Join(", ", listeners.Select(l => $"{(string?)l["name"]} ({(string?)l["protocol"]} {(long?)l["port"]})"));
            findings.Error(path, $"Gateway {gatewayNamespace}/{parent.Name} has no listener {which}; "
                + $"its listeners: {(names.Length == 0 ? "none" : names)}");
            return findings;
        }

        var routeNamespaceObject = (await routeNamespace.ConfigureAwait(false)).Value;
        var problems = new List<string>();
        foreach (var listener in candidates)
        {
            var problem = ListenerProblem(listener, gatewayNamespace, request.Namespace, routeNamespaceObject);
            if (problem is null)
            {
                return findings; // One admitting listener is enough.
            }

            problems.Add($"listener {(string?)listener["name"]} {problem}");
        }

        findings.Error(path, $"Gateway {gatewayNamespace}/{parent.Name} will not take this route: {string.Join("; ", problems)}");
        return findings;
    }

    private static string? ListenerProblem(
        JsonObject listener, string gatewayNamespace, string routeNamespace, JsonObject? routeNamespaceObject)
    {
        if ((string?)listener["protocol"] != "TCP")
        {
            return $"has protocol {(string?)listener["protocol"]}; a TCPRoute needs protocol TCP";
        }

        var allowed = listener["allowedRoutes"];
        var kinds = allowed?["kinds"]?.AsArray().OfType<JsonObject>().ToList();
        if (kinds is { Count: > 0 }
            && !kinds.Any(k => ((string?)k["group"] ?? GatewayApi.Group) == GatewayApi.Group
                && (string?)k["kind"] == GatewayApi.TcpRouteKind))
        {
            return $"admits only {string.Join(", ", kinds.Select(k => (string?)k["kind"]))}, not TCPRoute";
        }

        var from = (string?)allowed?["namespaces"]?["from"] ?? "Same";
        switch (from)
        {
            case "All":
                return null;
            case "Same":
                return gatewayNamespace == routeNamespace
                    ? null
                    : $"admits routes from its own namespace \"{gatewayNamespace}\" only (allowedRoutes.namespaces.from: Same)";
            case "Selector":
                if (routeNamespaceObject is null)
                {
                    return $"admits namespaces by label selector, and namespace \"{routeNamespace}\" could not be read";
                }

                var labels = routeNamespaceObject["metadata"]?["labels"]?.AsObject()
                    .ToDictionary(l => l.Key, l => (string?)l.Value ?? string.Empty) ?? [];
                return LabelSelector.Matches(allowed?["namespaces"]?["selector"] as JsonObject, labels)
                    ? null
                    : $"admits namespaces matching its label selector, and namespace \"{routeNamespace}\" does not match";
            default:
                return $"has allowedRoutes.namespaces.from: {from}, which openmcf does not know";
        }
    }

    private async Task<Findings> CheckBackendAsync(
        RouteRequest request, BackendReference backend, string path, Findings findings, CancellationToken cancellationToken)
    {
        if (!GatewayApi.IsService(backend))
        {
            return findings; // Not a Service: nothing we can check.
        }

        var ns = string.IsNullOrEmpty(backend.Namespace) ? request.Namespace : backend.Namespace;
        var read = lookups.ReadService(ns, backend.Name!, cancellationToken);
        var grantsRead = ns != request.Namespace ? lookups.ListReferenceGrants(ns, cancellationToken) : null;
        var service = await read.ConfigureAwait(false);
        if (service.Unknown is not null)
        {
            findings.Warn(path, $"cannot check Service {ns}/{backend.Name}: {service.Unknown}");
        }
        else if (service.Value is null)
        {
            // A warning: the Service often arrives later in the same pipeline, and the Gateway reports it until then
            // (ResolvedRefs: BackendNotFound). --strict makes it an error.
            findings.Warn(path, $"Service {ns}/{backend.Name} does not exist (yet); the Gateway reports BackendNotFound until it does");
        }
        else
        {
            var ports = service.Value["spec"]?["ports"]?.AsArray().Select(p => (long?)p?["port"]).OfType<long>().ToList() ?? [];
            if (backend.Port is { } port && !ports.Contains(port))
            {
                var exposed = ports.Count == 0 ? "no ports" : string.Join(", ", ports);
                findings.Error($"{path}.port", $"Service {ns}/{backend.Name} has no port {port}; it exposes {exposed}");
            }
        }

        if (grantsRead is not null)
        {
            var grants = await grantsRead.ConfigureAwait(false);
            if (grants.Unknown is not null)
            {
                findings.Warn(path, $"cannot check for a ReferenceGrant in namespace \"{ns}\": {grants.Unknown}");
            }
            else if (!(grants.Value ?? []).OfType<JsonObject>().Any(g => Allows(g, request.Namespace, backend.Name!)))
            {
                findings.Error(path, $"Service {ns}/{backend.Name} is in another namespace and no ReferenceGrant in \"{ns}\" "
                    + $"allows TCPRoutes from \"{request.Namespace}\" to use it; "
                    + $"add one (from: TCPRoute in {request.Namespace}, to: Service)");
            }
        }

        return findings;
    }

    /// <summary>
    /// Whether a ReferenceGrant lets TCPRoutes in <paramref name="fromNamespace"/> use the Service named <paramref name="serviceName"/>.
    /// </summary>
    public static bool Allows(JsonObject grant, string fromNamespace, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(grant);
        var from = grant["spec"]?["from"]?.AsArray().OfType<JsonObject>() ?? [];
        var to = grant["spec"]?["to"]?.AsArray().OfType<JsonObject>() ?? [];
        return from.Any(f => (string?)f["group"] == GatewayApi.Group
                && (string?)f["kind"] == GatewayApi.TcpRouteKind
                && (string?)f["namespace"] == fromNamespace)
            && to.Any(t => ((string?)t["group"] ?? GatewayApi.CoreGroup).Length == 0
                && (string?)t["kind"] == GatewayApi.ServiceKind
                && ((string?)t["name"] is null or "" || (string?)t["name"] == serviceName));
    }

    private static string Describe(ParentReference parent) => (parent.SectionName, parent.Port) switch
    {
        (null, null) => "at all",
        ({ } s, null) => $"named \"{s}\"",
        (null, { } p) => $"on port {p}",
        ({ } s, { } p) => $"named \"{s}\" on port {p}",
    };

    /// <summary>What one check found, on the manifest fields it concerns.</summary>
    private sealed class Findings(SourceMap map)
    {
        public List<Diagnostic> List { get; } = [];

        public void Error(string path, string message) => List.Add(Diagnostic.Error(map.Locate(path), path, message));

        public void Warn(string path, string message) => List.Add(Diagnostic.Warning(map.Locate(path), path, message));
    }
}

/// <summary>Kubernetes label selector semantics (matchLabels and matchExpressions), for allowedRoutes selectors.</summary>
internal static class LabelSelector
{
    public static bool Matches(JsonObject? selector, IReadOnlyDictionary<string, string> labels)
    {
        if (selector is null)
        {
            return true;
        }

        foreach (var (key, value) in selector["matchLabels"]?.AsObject() ?? [])
        {
            if (!labels.TryGetValue(key, out var actual) || actual != (string?)value)
            {
                return false;
            }
        }

        foreach (var expression in selector["matchExpressions"]?.AsArray().OfType<JsonObject>() ?? [])
        {
            var key = (string?)expression["key"] ?? string.Empty;
            var values = expression["values"]?.AsArray().Select(v => (string?)v).ToList() ?? [];
            var has = labels.TryGetValue(key, out var actual);
            var ok = (string?)expression["operator"] switch
            {
                "In" => has && values.Contains(actual),
                "NotIn" => !has || !values.Contains(actual),
                "Exists" => has,
                "DoesNotExist" => !has,
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}
