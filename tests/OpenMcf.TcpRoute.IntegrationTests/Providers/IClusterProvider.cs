namespace OpenMcf.TcpRoute.IntegrationTests.Providers;

/// <summary>A real Kubernetes API server the tests can use, and how to let go of it.</summary>
/// <param name="Kubeconfig">An admin kubeconfig.</param>
/// <param name="InstallsGatewayApi">Whether the fixture must install the Gateway API CRDs itself.</param>
/// <param name="RestartApiServer">Kills the API server, waits the given time and starts it again; null where the provider cannot.</param>
/// <param name="SwitchCrds">
/// Replaces the Gateway API CRDs with those of a folder (null: removes them) in the provider's own way; null: through the API.
/// </param>
internal sealed record ProvidedCluster(
    string Provider,
    string Kubeconfig,
    bool InstallsGatewayApi,
    Func<ValueTask> Release,
    Func<TimeSpan, Task>? RestartApiServer = null,
    Func<string?, Task>? SwitchCrds = null);

/// <summary>One way to get a cluster. Returns null with a reason when this way is not possible here.</summary>
internal interface IClusterProvider
{
    string Name { get; }

    Task<(ProvidedCluster? Cluster, string? Unavailable)> TryStartAsync(CancellationToken cancellationToken);
}
