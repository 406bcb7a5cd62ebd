namespace OpenMcf.TcpRoute.IntegrationTests.Providers;

/// <summary>A real Kubernetes API server the tests can use, and how to let go of it.</summary>
/// <param name="Kubeconfig">An admin kubeconfig.</param>
/// <param name="InstallsGatewayApi">Whether the fixture must install the Gateway API CRDs itself.</param>
internal sealed record ProvidedCluster(string Provider, string Kubeconfig, bool InstallsGatewayApi, Func<ValueTask> Release);

/// <summary>One way to get a cluster. Returns null with a reason when this way is not possible here.</summary>
internal interface IClusterProvider
{
    string Name { get; }

    Task<(ProvidedCluster? Cluster, string? Unavailable)> TryStartAsync(CancellationToken cancellationToken);
}
