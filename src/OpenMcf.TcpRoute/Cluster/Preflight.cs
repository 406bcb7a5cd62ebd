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
        var findings = new List<Diagnostic>();
        var map = request.Document.SourceMap;
        void Error(string path, string message) => findings.Add(Diagnostic.Error(map.Locate(path), path, message));
        void Warn(string path, string message) => findings.Add(Diagnostic.Warning(map.Locate(path), path, message));

        var ns = await lookups.ReadNamespace(request.Namespace, cancellationToken).ConfigureAwait(false);
        if (ns.Unknown is not null)
        {
            Warn("spec.namespace", $"cannot check namespace \"{request.Namespace}\": {ns.Unknown}");
        }
        else if (!ns.Exists)
        {
            Error("spec.namespace", $"namespace \"{request.Namespace}\" does not exist; create it first");
        }

        var parentRefs = request.Manifest.Spec?.ParentRefs ?? [];
        for (var i = 0; i < parentRefs.Count; i++)
        {
            await CheckParentAsync(request, parentRefs[i], $"spec.parentRefs[{i}]", ns.Value, Error, Warn, cancellationToken)
                .ConfigureAwait(false);
        }

        var rules = request.Manifest.Spec?.Rules ?? [];
        for (var r = 0; r < rules.Count; r++)
        {
            var backends = rules[r].BackendRefs ?? [];
            for (var b = 0; b < backends.Count; b++)
            {
                await CheckBackendAsync(request, backends[b], $"spec.rules[{r}].backendRefs[{b}]", Error, Warn, cancellationToken)
                    .ConfigureAwait(false);
            }
        }

        return findings;
    }

    private async Task CheckParentAsync(
        RouteRequest request,
        ParentReference parent,
        string path,
        JsonObject? routeNamespace,
        Action<string, string> error,
        Action<string, string> warn,
        CancellationToken cancellationToken)
    {
        if (!GatewayApi.IsGateway(parent))
        {
            warn(path, $"parent {GatewayApi.KindOf(parent)}/{parent.Name} is not a Gateway; not checked");
            return;
        }

        var gatewayNamespace = string.IsNullOrEmpty(parent.Namespace) ? request.Namespace : parent.Namespace;
        var gateway = await lookups.ReadGateway(gatewayNamespace, parent.Name!, cancellationToken).ConfigureAwait(false);
        if (gateway.Unknown is not null)
        {
            warn(path, $"cannot check Gateway {gatewayNamespace}/{parent.Name}: {gateway.Unknown}");
            return;
        }

        if (gateway.Value is null)
        {
            error(path, $"Gateway {gatewayNamespace}/{parent.Name} does not exist");
            return;
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
            error(path, $"Gateway {gatewayNamespace}/{parent.Name} has no listener {which}; "
                + $"its listeners: {(names.Length == 0 ? "none" : names)}");
            return;
        }

        var problems = new List<string>();
        foreach (var listener in candidates)
        {
            var problem = ListenerProblem(listener, gatewayNamespace, request.Namespace, routeNamespace);
            if (problem is null)
            {
                return; // One admitting listener is enough.
            }

            problems.Add($"listener {(string?)listener["name"]} {problem}");
        }

        error(path, $"Gateway {gatewayNamespace}/{parent.Name} will not take this route: {string.Join("; ", problems)}");
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

    private async Task CheckBackendAsync(
        RouteRequest request,
        BackendReference backend,
        string path,
        Action<string, string> error,
        Action<string, string> warn,
        CancellationToken cancellationToken)
    {
        if (!GatewayApi.IsService(backend))
        {
            return; // Not a Service: nothing we can check.
        }

        var ns = string.IsNullOrEmpty(backend.Namespace) ? request.Namespace : backend.Namespace;
        var service = await lookups.ReadService(ns, backend.Name!, cancellationToken).ConfigureAwait(false);
        if (service.Unknown is not null)
        {
            warn(path, $"cannot check Service {ns}/{backend.Name}: {service.Unknown}");
        }
        else if (service.Value is null)
        {
            // A warning: the Service often arrives later in the same pipeline, and the Gateway reports it until then
            // (ResolvedRefs: BackendNotFound). --strict makes it an error.
            warn(path, $"Service {ns}/{backend.Name} does not exist (yet); the Gateway reports BackendNotFound until it does");
        }
        else
        {
            var ports = service.Value["spec"]?["ports"]?.AsArray().Select(p => (long?)p?["port"]).OfType<long>().ToList() ?? [];
            if (backend.Port is { } port && !ports.Contains(port))
            {
                var exposed = ports.Count == 0 ? "no ports" : string.Join(", ", ports);
                error($"{path}.port", $"Service {ns}/{backend.Name} has no port {port}; it exposes {exposed}");
            }
        }

        if (ns != request.Namespace)
        {
            var grants = await lookups.ListReferenceGrants(ns, cancellationToken).ConfigureAwait(false);
            if (grants.Unknown is not null)
            {
                warn(path, $"cannot check for a ReferenceGrant in namespace \"{ns}\": {grants.Unknown}");
            }
            else if (!(grants.Value ?? []).OfType<JsonObject>().Any(g => Allows(g, request.Namespace, backend.Name!)))
            {
                error(path, $"Service {ns}/{backend.Name} is in another namespace and no ReferenceGrant in \"{ns}\" allows TCPRoutes "
                    + $"from \"{request.Namespace}\" to use it; add one (from: TCPRoute in {request.Namespace}, to: Service)");
            }
        }
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
