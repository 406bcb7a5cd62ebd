using k8s;
using OpenMcf.TcpRoute.Cluster;
using OpenMcf.TcpRoute.IntegrationTests.Infrastructure;
using OpenMcf.TcpRoute.IntegrationTests.Providers;

[assembly: AssemblyFixture(typeof(OpenMcf.TcpRoute.IntegrationTests.ClusterFixture))]

// Exec plugins are shell scripts and SIGINT is sent with kill(1): these tests run on Linux, as CI does.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

namespace OpenMcf.TcpRoute.IntegrationTests;

/// <summary>
/// The one real cluster shared by all integration tests. Providers are tried in order: a
/// kubeconfig named by OPENMCF_TEST_KUBECONFIG, K3s through Testcontainers where Docker answers,
/// then the project's local control plane. When none works, tests skip with the reasons; with
/// CI=true they fail instead, so a green CI always means the cluster tests ran.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private ProvidedCluster? _cluster;
    private ClusterConnection? _connection;
    private string _unavailable = "not started";

    public string Kubeconfig => _cluster?.Kubeconfig ?? throw new InvalidOperationException("no cluster; call RequireCluster first");

    public string Provider => _cluster?.Provider ?? "none";

    /// <summary>The local control plane's kubeconfig also has a context whose user has no rights at all.</summary>
    public string? NoRightsContext { get; private set; }

    public IKubernetes Admin { get; private set; } = null!;

    /// <summary>
    /// Kills the API server, waits, and starts it again; null where the provider cannot (only the local control plane can).
    /// </summary>
    public Func<TimeSpan, Task>? RestartApiServer => _cluster?.RestartApiServer;

    /// <summary>The provider's own way to switch the Gateway API CRDs (see <see cref="GatewayApiCrds"/>); null: through the API.</summary>
    internal Func<string?, Task>? SwitchCrds => _cluster?.SwitchCrds;

    private bool? _cel;

    /// <summary>
    /// Whether the server that serves the Gateway API enforces the CRDs' CEL rules (Kubernetes 1.25
    /// and later; the current profile). Probed once, with a dry run in <paramref name="ns"/>.
    /// </summary>
    public async Task<bool> EnforcesCelAsync(string ns, CancellationToken cancellationToken) =>
        _cel ??= await Differential.Verdicts.EnforcesCelAsync(Admin, ns, cancellationToken);

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public async ValueTask InitializeAsync()
    {
        IClusterProvider[] providers = [new KubeconfigProvider(), new K3sProvider(), new LocalControlPlaneProvider(TestPaths.Root)];
        var reasons = new List<string>();
        foreach (var provider in providers)
        {
            var (cluster, unavailable) = await provider.TryStartAsync(CancellationToken.None);
            if (cluster is null)
            {
                reasons.Add($"{provider.Name}: {unavailable}");
                continue;
            }

            _cluster = cluster;
            break;
        }

        if (_cluster is null)
        {
            _unavailable = string.Join("; ", reasons);
            return;
        }

        var kubeconfig = await KubernetesClientConfiguration.LoadKubeConfigAsync(_cluster.Kubeconfig);

        // The tool's own connection code, so that the tests trust the server exactly as the tool does.
        _connection = ClusterConnection.Open(new ConnectionSettings(_cluster.Kubeconfig, null, TimeSpan.FromSeconds(60)), null);
        Admin = _connection.Client;
        NoRightsContext = kubeconfig.Contexts.FirstOrDefault(c => c.Name == "openmcf-local-no-rights")?.Name;
        if (!await GatewayApiCrds.TcpRouteServedAsync(Admin, CancellationToken.None))
        {
            await GatewayApiCrds.InstallAsync(this, TestPaths.Crds("v1.6.1", "experimental"), CancellationToken.None);
        }
    }

    /// <summary>Skips the calling test when there is no cluster, or fails it under CI=true.</summary>
    public void RequireCluster()
    {
        if (_cluster is not null)
        {
            return;
        }

        var message = $"no Kubernetes API server for integration tests: {_unavailable}";
        if (InCi)
        {
            Assert.Fail($"{message} (CI=true: a cluster test may not skip)");
        }

        Assert.Skip(message);
    }

    public async ValueTask DisposeAsync()
    {
        _connection?.Dispose();
        if (_cluster is not null)
        {
            await _cluster.Release();
        }
    }
}
