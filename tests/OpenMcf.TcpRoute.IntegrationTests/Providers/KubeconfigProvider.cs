namespace OpenMcf.TcpRoute.IntegrationTests.Providers;

/// <summary>A cluster someone else runs, named by OPENMCF_TEST_KUBECONFIG (its current context, admin rights expected).</summary>
internal sealed class KubeconfigProvider : IClusterProvider
{
    public const string Variable = "OPENMCF_TEST_KUBECONFIG";

    public string Name => "kubeconfig from " + Variable;

    public Task<(ProvidedCluster? Cluster, string? Unavailable)> TryStartAsync(CancellationToken cancellationToken)
    {
        var path = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(path))
        {
            return Task.FromResult<(ProvidedCluster?, string?)>((null, $"{Variable} is not set"));
        }

        return File.Exists(path)
            ? Task.FromResult<(ProvidedCluster?, string?)>(
                (new ProvidedCluster(Name, path, InstallsGatewayApi: true, () => ValueTask.CompletedTask), null))
            : Task.FromResult<(ProvidedCluster?, string?)>((null, $"{Variable} names {path}, which does not exist"));
    }
}
