using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using OpenMcf.TcpRoute.Cluster;
using OpenMcf.TcpRoute.Mapping;

namespace OpenMcf.TcpRoute.Tests.Cluster;

/// <summary>
/// A cluster in memory behind the same seam as the real one, for fast tests of the decisions made
/// above it. It records every call; it is no stand-in for the API server's own rules (the
/// integration tests and the differential test cover those against a real one).
/// </summary>
internal sealed class InMemoryCluster : IRouteCluster, IClusterReader
{
    private readonly ConcurrentQueue<string> _calls = new();
    private InMemorySetStore? _sets;

    public List<string> Served { get; init; } = [GatewayApi.DefaultVersion, GatewayApi.V1];

    public Dictionary<string, JsonObject> Namespaces { get; } = new(StringComparer.Ordinal);

    /// <summary>By "namespace/name".</summary>
    public Dictionary<string, JsonObject> Services { get; } = new(StringComparer.Ordinal);

    /// <summary>By "namespace/name".</summary>
    public Dictionary<string, JsonObject> Gateways { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, JsonArray> Grants { get; } = new(StringComparer.Ordinal);

    /// <summary>The live routes by "namespace/name".</summary>
    public ConcurrentDictionary<string, JsonObject> Routes { get; } = new(StringComparer.Ordinal);

    /// <summary>Reads that answer "unknown" with this reason (no permission, say), by what they read ("gateway ns/name").</summary>
    public Dictionary<string, string> Unknown { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Calls => [.. _calls];

    /// <summary>Through which every read passes (preflight's, the LIST of routes, a route's own); null: none.</summary>
    public Gate? Gate { get; init; }

    public bool Disposed { get; private set; }

    public IClusterReader Reader => this;

    public IApplySetStore Sets => SetStore;

    public InMemorySetStore SetStore => _sets ??= new InMemorySetStore(this);

    public Task<IReadOnlyList<string>> ServedVersionsAsync(CancellationToken cancellationToken)
    {
        _calls.Enqueue("discovery");
        return Task.FromResult<IReadOnlyList<string>>(Served);
    }

    public Task<Lookup<JsonObject>> ReadNamespace(string name, CancellationToken cancellationToken) =>
        Read($"namespace {name}", Namespaces, name);

    public Task<Lookup<JsonObject>> ReadService(string ns, string name, CancellationToken cancellationToken) =>
        Read($"service {ns}/{name}", Services, $"{ns}/{name}");

    public Task<Lookup<JsonObject>> ReadGateway(string ns, string name, CancellationToken cancellationToken) =>
        Read($"gateway {ns}/{name}", Gateways, $"{ns}/{name}");

    public Task<Lookup<JsonArray>> ListReferenceGrants(string ns, CancellationToken cancellationToken)
    {
        _calls.Enqueue($"referencegrants {ns}");
        return Answer(new Lookup<JsonArray>(Grants.GetValueOrDefault(ns) ?? [], true, null));
    }

    public Task<Lookup<Dictionary<string, JsonObject>>> ListRoutes(string ns, string version, CancellationToken cancellationToken)
    {
        _calls.Enqueue($"list routes {ns}");
        var byName = Routes.Where(r => r.Key.StartsWith(ns + "/", StringComparison.Ordinal))
            .ToDictionary(r => r.Key[(ns.Length + 1)..], r => r.Value, StringComparer.Ordinal);
        return Answer(new Lookup<Dictionary<string, JsonObject>>(byName, true, null));
    }

    public async Task<ClusterAnswer<Applied>> ApplyAsync(
        JsonObject route, ApplySettings settings, Task<KnownState>? known, CancellationToken cancellationToken)
    {
        var key = $"{route["metadata"]!["namespace"]}/{route["metadata"]!["name"]}";
        var dryRun = settings.ServerDryRun ? " dry-run" : string.Empty;
        _calls.Enqueue($"apply {key} {route["apiVersion"]}{dryRun}{(known is null ? string.Empty : " known")}");
        var before = known is not null ? (await known).Route : Routes.GetValueOrDefault(key);
        var action = before is null ? ApplyAction.Created
            : JsonNode.DeepEquals(before["spec"], route["spec"]) ? ApplyAction.Unchanged : ApplyAction.Configured;
        if (!settings.ServerDryRun)
        {
            Routes[key] = (JsonObject)route.DeepClone();
        }

        return ClusterAnswer.Of(new Applied(action, []), []);
    }

    public Task<KnownState> ReadAsync(string version, string ns, string name, CancellationToken cancellationToken)
    {
        _calls.Enqueue($"read {ns}/{name} {version}");
        return Answer(new KnownState(Routes.GetValueOrDefault($"{ns}/{name}")));
    }

    public Task<ClusterAnswer<Destroyed>> DeleteAsync(
        string version, string ns, string name, bool dryRun, CancellationToken cancellationToken)
    {
        _calls.Enqueue($"delete {ns}/{name} {version}{(dryRun ? " dry-run" : string.Empty)}");
        var existed = dryRun ? Routes.ContainsKey($"{ns}/{name}") : Routes.TryRemove($"{ns}/{name}", out _);
        var action = existed ? DestroyAction.Deleted : DestroyAction.Absent;
        return Task.FromResult(ClusterAnswer.Of(new Destroyed(action), []));
    }

    public Task<WaitOutcome> WaitAsync(RouteRequest request, string version, TimeSpan timeout, CancellationToken cancellationToken)
    {
        _calls.Enqueue($"wait {request.Namespace}/{request.Name} {version}");
        return Task.FromResult(new WaitOutcome(true, false, [], null));
    }

    public void Dispose() => Disposed = true;

    private Task<Lookup<JsonObject>> Read(string what, Dictionary<string, JsonObject> objects, string key)
    {
        _calls.Enqueue(what);
        if (Unknown.TryGetValue(what, out var why))
        {
            return Answer(new Lookup<JsonObject>(null, false, why));
        }

        var found = objects.GetValueOrDefault(key);
        return Answer(new Lookup<JsonObject>(found, found is not null, null));
    }

    private Task<T> Answer<T>(T answer) => Gate is null ? Task.FromResult(answer) : Gate.Pass(() => Task.FromResult(answer));
}

/// <summary>Clusters in memory by context name ("" for the current context); a context may fail to open.</summary>
internal sealed class InMemoryClusters : IRouteClusters
{
    private readonly ConcurrentQueue<string> _opened = new();

    public Dictionary<string, InMemoryCluster> ByContext { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, ClusterError> Failing { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Opened => [.. _opened];

    public IRouteCluster Open(string? context)
    {
        var name = context ?? string.Empty;
        _opened.Enqueue(name);
        if (Failing.TryGetValue(name, out var error))
        {
            throw new ClusterException(error);
        }

        return ByContext.TryGetValue(name, out var cluster)
            ? cluster
            : throw new ClusterException(new ClusterError(ClusterErrorKind.UnknownContext, $"context \"{name}\" is not in the kubeconfig"));
    }
}
