using k8s;
using OpenMcf.TcpRoute.Cluster;
using OpenMcf.TcpRoute.IntegrationTests.Providers;

namespace OpenMcf.TcpRoute.IntegrationTests.Infrastructure;

/// <summary>
/// Three more real clusters beside the main one, for runs over a fleet: named local control planes
/// (eng/local-cluster.sh --name), each with its own ports, state and kubeconfig contexts:
/// <list type="bullet">
/// <item><see cref="Healthy"/>: the Gateway API CRDs installed, as the main cluster;</item>
/// <item><see cref="Bare"/>: running, without the Gateway API CRDs;</item>
/// <item><see cref="Stopped"/>: started once, then stopped: its kubeconfig names a server that no longer answers.</item>
/// </list>
/// The legacy profile (kube-apiserver 1.20 alone) for all three: the lightest that serves the CRDs, and beside a main
/// cluster on the current profile, a fleet of mixed versions as real ones are. Started together, stopped at the end.
/// </summary>
public sealed class FleetFixture : IAsyncLifetime
{
    public const string Healthy = "fleet-b";
    public const string Bare = "fleet-bare";
    public const string Stopped = "fleet-down";

    private static readonly string Script = Path.Combine(TestPaths.Root, "eng", "local-cluster.sh");
    private readonly Dictionary<string, string> _kubeconfigs = [];
    private string? _unavailable;

    /// <summary>Each named cluster's kubeconfig (its contexts are NAME and NAME-no-rights).</summary>
    public IReadOnlyDictionary<string, string> Kubeconfigs => _kubeconfigs;

    /// <summary>An admin client of the healthy cluster, through the tool's own connection code.</summary>
    public IKubernetes HealthyAdmin => _connections[0].Client;

    /// <summary>An admin client of the cluster without the Gateway API CRDs.</summary>
    public IKubernetes BareAdmin => _connections[1].Client;

    private readonly List<ClusterConnection> _connections = [];

    public async ValueTask InitializeAsync()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists(Script))
        {
            _unavailable = "the named local clusters need eng/local-cluster.sh on Linux";
            return;
        }

        var ups = await Task.WhenAll(new[] { Healthy, Bare, Stopped }.Select(async name =>
            (name, await Cluster(name, "up", "--profile", "legacy").ConfigureAwait(false))));
        foreach (var (name, (code, stdout, stderr)) in ups)
        {
            var kubeconfig = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()?.Trim();
            if (code != 0 || kubeconfig is null || !File.Exists(kubeconfig))
            {
                _unavailable = $"eng/local-cluster.sh --name {name} up failed: "
                    + (stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? $"exit code {code}");
                return;
            }

            _kubeconfigs[name] = kubeconfig;
        }

        foreach (var (name, command) in new[] { (Bare, "delete-crds"), (Stopped, "stop") })
        {
            var (code, _, stderr) = await Cluster(name, command).ConfigureAwait(false);
            if (code != 0)
            {
                _unavailable = $"eng/local-cluster.sh --name {name} {command} failed: {stderr.Trim()}";
                return;
            }
        }

        foreach (var name in new[] { Healthy, Bare })
        {
            _connections.Add(ClusterConnection.Open(new ConnectionSettings(_kubeconfigs[name], null, TimeSpan.FromSeconds(60)), null));
        }
    }

    /// <summary>Skips the calling test when the named clusters could not start, or fails it under CI=true.</summary>
    public void Require()
    {
        if (_unavailable is null)
        {
            return;
        }

        if (ClusterFixture.InCi)
        {
            Assert.Fail($"{_unavailable} (CI=true: a cluster test may not skip)");
        }

        Assert.Skip(_unavailable);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            connection.Dispose();
        }

        await Task.WhenAll(new[] { Healthy, Bare, Stopped }.Select(name => Cluster(name, "down"))).ConfigureAwait(false);
    }

    private static Task<(int ExitCode, string Stdout, string Stderr)> Cluster(string name, params string[] args) =>
        LocalControlPlaneProvider.RunAsync(Script, ["--name", name, .. args], TimeSpan.FromMinutes(30), CancellationToken.None);
}
