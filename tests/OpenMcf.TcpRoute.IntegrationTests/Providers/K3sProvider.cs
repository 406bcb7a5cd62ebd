using Testcontainers.K3s;

namespace OpenMcf.TcpRoute.IntegrationTests.Providers;

/// <summary>
/// K3s in Docker through Testcontainers, where a Docker engine answers. Not available on our
/// development machines (no Docker engine): there the local control plane is used instead.
/// </summary>
internal sealed class K3sProvider : IClusterProvider
{
    /// <summary>Pinned so that test runs are repeatable; a recent stable K3s release.</summary>
    public const string Image = "rancher/k3s:v1.33.5-k3s1";

    public string Name => $"Testcontainers.K3s ({Image})";

    public async Task<(ProvidedCluster? Cluster, string? Unavailable)> TryStartAsync(CancellationToken cancellationToken)
    {
        if (!DockerAnswers())
        {
            return (null, "no Docker engine answers (no DOCKER_HOST and no /var/run/docker.sock)");
        }

        var container = new K3sBuilder(Image).Build();
        try
        {
            await container.StartAsync(cancellationToken).ConfigureAwait(false);
            var path = Path.Combine(Path.GetTempPath(), $"openmcf-k3s-{Guid.NewGuid():N}.kubeconfig");
            await File.WriteAllTextAsync(path, await container.GetKubeconfigAsync().ConfigureAwait(false), cancellationToken)
                .ConfigureAwait(false);
            return (new ProvidedCluster(Name, path, InstallsGatewayApi: true, async () =>
            {
                File.Delete(path);
                await container.DisposeAsync().ConfigureAwait(false);
            }), null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await container.DisposeAsync().ConfigureAwait(false);
            return (null, $"K3s did not start: {e.GetType().Name}: {e.Message.Split('\n')[0]}");
        }
    }

    private static bool DockerAnswers() =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOCKER_HOST")) || File.Exists("/var/run/docker.sock");
}
