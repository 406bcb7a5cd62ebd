using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using OpenMcf.TcpRoute.Manifests;
using OpenMcf.TcpRoute.Mapping;

namespace OpenMcf.TcpRoute.Cluster;

/// <summary>One parent's view of the route, from status.parents[].</summary>
public sealed record ParentState(
    string Parent, string? Controller, bool Accepted, bool ResolvedRefs, string? Reason, string? Explanation);

/// <summary>How waiting ended: every parent accepted, one rejected (stopped at once), or the timeout.</summary>
public sealed record WaitOutcome(bool Accepted, bool TimedOut, IReadOnlyList<ParentState> Parents, string? Problem);

/// <summary>
/// Watches a TCPRoute until every parent it targets reports Accepted=True and ResolvedRefs=True
/// for its current generation, stopping at once when a controller reports False. With no
/// parentRefs (useDefaultGateways), whatever parents appear are waited for.
/// </summary>
public sealed class AcceptanceWaiter(ClusterConnection connection)
{
    public async Task<WaitOutcome> WaitAsync(RouteRequest request, string version, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        WaitOutcome last = new(false, false, [], "no status yet: no Gateway controller has reported on the route");
        try
        {
            var current = await connection.Client.CustomObjects
                .GetNamespacedCustomObjectAsync(
                    GatewayApi.Group, version, request.Namespace, GatewayApi.TcpRouteResource, request.Name, deadline.Token)
                .ConfigureAwait(false);
            var route = ToJson(current);
            last = Evaluate(request, route);
            if (last.Accepted || last.Problem is not null && last.Parents.Any(p => p.Reason is not null))
            {
                return last;
            }

            var resourceVersion = (string?)route["metadata"]?["resourceVersion"];
            while (true)
            {
                // A watch, not polling: each event is a new version of the route.
                var events = WatchAsync(request, version, resourceVersion, timeout, deadline.Token);
                await foreach (var (type, updated) in events.ConfigureAwait(false))
                {
                    if (type is not ("ADDED" or "MODIFIED"))
                    {
                        continue;
                    }

                    resourceVersion = (string?)updated["metadata"]?["resourceVersion"] ?? resourceVersion;
                    last = Evaluate(request, updated);
                    if (last.Accepted || last.Parents.Any(p => p.Reason is not null))
                    {
                        return last;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return last with
            {
                TimedOut = true,
                Problem = $"timed out after {timeout.TotalSeconds:0.#} s: {last.Problem ?? "still waiting"}",
            };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var watch = new RequestContext("watch", $"{GatewayApi.TcpRouteResource}.{GatewayApi.Group}", request.Namespace, request.Name);
            return last with { Problem = ApiErrors.Translate(e, connection, watch).Message };
        }
    }

    /// <summary>The watch stream of one route: a JSON event per line ({"type": ..., "object": ...}).</summary>
    private async IAsyncEnumerable<(string Type, JsonObject Route)> WatchAsync(
        RouteRequest request,
        string version,
        string? resourceVersion,
        TimeSpan timeout,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var path = $"/apis/{GatewayApi.Group}/{version}/namespaces/{request.Namespace}/{GatewayApi.TcpRouteResource}"
            + $"?watch=1&fieldSelector={Uri.EscapeDataString($"metadata.name={request.Name}")}"
            + $"&timeoutSeconds={(int)Math.Clamp(timeout.TotalSeconds, 1, 600)}"
            + (resourceVersion is null ? string.Empty : $"&resourceVersion={Uri.EscapeDataString(resourceVersion)}");
        using var response = await connection.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, cancellationToken)
            .ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.Length == 0 || JsonNode.Parse(line) is not JsonObject watchEvent)
            {
                continue;
            }

            if ((string?)watchEvent["type"] is { } type && watchEvent["object"] is JsonObject route)
            {
                yield return (type, route);
            }
        }
    }

    private static JsonObject ToJson(object body) => body switch
    {
        JsonElement e => JsonObject.Create(e) ?? new JsonObject(),
        JsonObject o => o,
        _ => throw new InvalidOperationException($"unexpected response body {body.GetType().Name}"),
    };

    /// <summary>The state of the route's parents in one version of the object.</summary>
    public static WaitOutcome Evaluate(RouteRequest request, JsonObject route)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Evaluate(request, route, request.Namespace);
    }

    /// <summary>
    /// The state of the route's parents; with no manifest (<paramref name="request"/> null: a set member none declares),
    /// of whichever parents have reported.
    /// </summary>
    public static WaitOutcome Evaluate(RouteRequest? request, JsonObject route, string routeNamespace)
    {
        ArgumentNullException.ThrowIfNull(route);
        var generation = (long?)route["metadata"]?["generation"] ?? 0;
        var entries = route["status"]?["parents"]?.AsArray().OfType<JsonObject>().ToList() ?? [];
        var targets = request?.Manifest.Spec?.ParentRefs ?? [];
        var states = new List<ParentState>();
        if (targets.Count == 0)
        {
            if (entries.Count == 0)
            {
                var why = request is null ? string.Empty : " (it uses default Gateways)";
                return new WaitOutcome(false, false, [], $"no parent has reported on the route yet{why}");
            }

            states.AddRange(entries.Select(e =>
                State(e, Describe(e["parentRef"] as JsonObject, routeNamespace), generation, request, routeNamespace)));
        }
        else
        {
            foreach (var target in targets)
            {
                var entry = entries.FirstOrDefault(e => Matches(e["parentRef"] as JsonObject, target, routeNamespace));
                var name = Describe(target, routeNamespace);
                states.Add(entry is null
                    ? new ParentState(name, null, false, false, null, "no status from its controller yet")
                    : State(entry, name, generation, request, routeNamespace));
            }
        }

        var rejected = states.FirstOrDefault(s => s.Reason is not null);
        if (rejected is not null)
        {
            return new WaitOutcome(false, false, states, $"{rejected.Parent}: {rejected.Reason}: {rejected.Explanation}");
        }

        var pending = states.Where(s => !(s.Accepted && s.ResolvedRefs)).ToList();
        return pending.Count == 0
            ? new WaitOutcome(true, false, states, null)
            : new WaitOutcome(
                false, false, states, string.Join("; ", pending.Select(p => $"{p.Parent}: {p.Explanation ?? "not accepted yet"}")));
    }

    private static ParentState State(JsonObject entry, string parent, long generation, RouteRequest? request, string routeNamespace)
    {
        var controller = (string?)entry["controllerName"];
        var conditions = entry["conditions"]?.AsArray().OfType<JsonObject>()
            .Where(c => ((long?)c["observedGeneration"] ?? generation) >= generation)
            .ToDictionary(c => (string?)c["type"] ?? string.Empty, c => c) ?? [];
        bool Is(string type, string status) => conditions.TryGetValue(type, out var c) && (string?)c["status"] == status;
        foreach (var type in new[] { "Accepted", "ResolvedRefs" })
        {
            if (Is(type, "False"))
            {
                var condition = conditions[type];
                var reason = (string?)condition["reason"] ?? type;
                var message = (string?)condition["message"];
                return new ParentState(
                    parent,
                    controller,
                    type != "Accepted",
                    false,
                    reason,
                    Explain(reason, request, routeNamespace)
                        + (string.IsNullOrEmpty(message) ? string.Empty : $" (controller: {message})"));
            }
        }

        var accepted = Is("Accepted", "True");
        var resolved = Is("ResolvedRefs", "True");
        return new ParentState(
            parent,
            controller,
            accepted,
            resolved,
            null,
            accepted && resolved ? null : $"waiting for {(accepted ? "ResolvedRefs" : "Accepted")} on generation {generation}");
    }

    /// <summary>Gateway API condition reasons in plain words.</summary>
    private static string Explain(string reason, RouteRequest? request, string routeNamespace)
    {
        var foreign = (request?.Manifest.Spec?.Rules ?? []).SelectMany(r => r.BackendRefs ?? [])
            .Where(b => !string.IsNullOrEmpty(b.Namespace) && b.Namespace != routeNamespace)
            .Select(b => b.Namespace!).Distinct().ToList();
        return reason switch
        {
            "NotAllowedByListeners" =>
                $"the listener does not admit TCPRoutes from namespace \"{routeNamespace}\" (see its allowedRoutes)",
            "NoMatchingListenerHostname" => "no listener's hostname matches the route",
            "NoMatchingParent" => "the Gateway has no listener matching the route's sectionName/port",
            "UnsupportedValue" => "the Gateway controller does not support a value in the route",
            "RefNotPermitted" => foreign.Count > 0
                ? $"a ReferenceGrant is missing in namespace {string.Join(", ", foreign.Select(n => $"\"{n}\""))} "
                    + $"to let TCPRoutes from \"{routeNamespace}\" use its Services"
                : "a cross-namespace reference is not permitted: a ReferenceGrant is missing",
            "InvalidKind" => "a backendRef names a kind the controller does not support",
            "BackendNotFound" => "a backend Service does not exist",
            "UnsupportedProtocol" => "a backend uses a protocol the controller does not support for TCP",
            _ => $"the controller reports {reason}",
        };
    }

    // The controller reports the parentRef with its defaults filled in (group, kind); compare as such.
    private static bool Matches(JsonObject? reported, ParentReference target, string routeNamespace) =>
        reported is not null
        && ((string?)reported["group"] ?? GatewayApi.Group) == GatewayApi.GroupOf(target)
        && ((string?)reported["kind"] ?? GatewayApi.GatewayKind) == GatewayApi.KindOf(target)
        && (string?)reported["name"] == target.Name
        && ((string?)reported["namespace"] ?? routeNamespace)
            == (string.IsNullOrEmpty(target.Namespace) ? routeNamespace : target.Namespace)
        && (string?)reported["sectionName"] == target.SectionName
        && (long?)reported["port"] == target.Port;

    private static string Describe(ParentReference p, string routeNamespace) =>
        $"{(string.IsNullOrEmpty(p.Namespace) ? routeNamespace : p.Namespace)}/{p.Name}"
            + $"{(p.SectionName is null ? string.Empty : $" (listener {p.SectionName})")}"
            + $"{(p.Port is null ? string.Empty : $" (port {p.Port})")}";

    private static string Describe(JsonObject? p, string routeNamespace) =>
        $"{(string?)p?["namespace"] ?? routeNamespace}/{(string?)p?["name"]}"
            + $"{((string?)p?["sectionName"] is { } s ? $" (listener {s})" : string.Empty)}";
}
