using System.Text.Json.Nodes;
using OpenMcf.TcpRoute.Mapping;

namespace OpenMcf.TcpRoute.Cluster;

/// <summary>
/// The reads preflight and a bulk apply make, each answered as found, absent or unknown (with why):
/// Namespaces, Gateways, Services, ReferenceGrants and a namespace's TCPRoutes.
/// </summary>
public interface IClusterReader
{
    Task<Lookup<JsonObject>> ReadNamespace(string name, CancellationToken cancellationToken);

    Task<Lookup<JsonObject>> ReadService(string ns, string name, CancellationToken cancellationToken);

    Task<Lookup<JsonObject>> ReadGateway(string ns, string name, CancellationToken cancellationToken);

    Task<Lookup<JsonArray>> ListReferenceGrants(string ns, CancellationToken cancellationToken);

    /// <summary>Every TCPRoute of a namespace by name (null value: could not be listed).</summary>
    Task<Lookup<Dictionary<string, JsonObject>>> ListRoutes(string ns, string version, CancellationToken cancellationToken);
}

/// <summary>
/// One kube context as the route logic sees it: the seam between the decisions (which version,
/// what to read, what an answer means for the route) and the wire. The real one is
/// <see cref="KubernetesRouteCluster"/>; unit tests use an in-memory one.
/// </summary>
public interface IRouteCluster : IDisposable
{
    /// <summary>The versions of gateway.networking.k8s.io that serve tcproutes. Throws <see cref="ClusterException"/>.</summary>
    Task<IReadOnlyList<string>> ServedVersionsAsync(CancellationToken cancellationToken);

    /// <summary>Reads, each made once however many routes ask.</summary>
    IClusterReader Reader { get; }

    /// <summary>The ApplySet parent and members (apply --applyset, --prune; destroy --applyset; status).</summary>
    IApplySetStore Sets { get; }

    /// <param name="known">
    /// The live route as a LIST already showed it, or as <see cref="ReadAsync"/> is reading it; null to read it first.
    /// A read that failed fails the apply, as the apply's own read would have.
    /// </param>
    Task<ClusterAnswer<Applied>> ApplyAsync(
        JsonObject route, ApplySettings settings, Task<KnownState>? known, CancellationToken cancellationToken);

    /// <summary>
    /// Reads the live route as an apply does first, for an apply to come (its <c>known</c>), so that the read can go
    /// alongside other requests instead of after them. Throws what the apply's own read would.
    /// </summary>
    Task<KnownState> ReadAsync(string version, string ns, string name, CancellationToken cancellationToken);

    Task<ClusterAnswer<Destroyed>> DeleteAsync(string version, string ns, string name, bool dryRun, CancellationToken cancellationToken);

    Task<WaitOutcome> WaitAsync(RouteRequest request, string version, TimeSpan timeout, CancellationToken cancellationToken);
}

/// <summary>Opens the cluster of a kube context (null: the current one). Throws <see cref="ClusterException"/>.</summary>
public interface IRouteClusters
{
    IRouteCluster Open(string? context);
}
