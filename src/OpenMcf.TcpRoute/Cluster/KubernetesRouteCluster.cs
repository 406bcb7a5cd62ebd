using System.Text.Json.Nodes;
using OpenMcf.TcpRoute.Mapping;

namespace OpenMcf.TcpRoute.Cluster;

/// <summary>The real cluster behind <see cref="IRouteCluster"/>: the official client over one connection.</summary>
public sealed class KubernetesRouteCluster(ClusterConnection connection) : IRouteCluster
{
    public IClusterReader Reader { get; } = new ClusterLookups(connection);

    public IApplySetStore Sets { get; } = new KubernetesSetStore(connection);

    public Task<IReadOnlyList<string>> ServedVersionsAsync(CancellationToken cancellationToken) =>
        TcpRouteApiVersions.ServedAsync(connection, cancellationToken);

    public Task<ClusterAnswer<Applied>> ApplyAsync(
        JsonObject route, ApplySettings settings, Task<KnownState>? known, CancellationToken cancellationToken) =>
        new ServerSideApplier(connection, settings).ApplyAsync(route, known, cancellationToken);

    public Task<KnownState> ReadAsync(string version, string ns, string name, CancellationToken cancellationToken) =>
        ServerSideApplier.ReadAsync(connection, version, ns, name, cancellationToken);

    public Task<ClusterAnswer<Destroyed>> DeleteAsync(
        string version, string ns, string name, bool dryRun, CancellationToken cancellationToken) =>
        new ServerSideApplier(connection, new ApplySettings(ApplySettings.DefaultFieldManager, ForceConflicts: false, dryRun))
            .DeleteAsync(version, ns, name, cancellationToken);

    public Task<WaitOutcome> WaitAsync(RouteRequest request, string version, TimeSpan timeout, CancellationToken cancellationToken) =>
        new AcceptanceWaiter(connection).WaitAsync(request, version, timeout, cancellationToken);

    public void Dispose() => connection.Dispose();
}

/// <summary>Opens real clusters from the kubeconfig, as kubectl's flags say.</summary>
public sealed class KubernetesRouteClusters(ConnectionSettings settings) : IRouteClusters
{
    public IRouteCluster Open(string? context) => new KubernetesRouteCluster(ClusterConnection.Open(settings, context));
}
