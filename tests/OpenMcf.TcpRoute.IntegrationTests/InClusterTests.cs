using System.Diagnostics;
using k8s;
using OpenMcf.TcpRoute.Cluster;
using OpenMcf.TcpRoute.IntegrationTests.Infrastructure;
using OpenMcf.TcpRoute.Tests.Cli;

namespace OpenMcf.TcpRoute.IntegrationTests;

/// <summary>
/// openmcf inside a pod: no kubeconfig anywhere, the service account's token and CA in a folder,
/// the server from KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT. The real program runs in
/// its own process with that environment, so the test process's own environment is never changed
/// and these tests run beside the others.
/// </summary>
public sealed class InClusterTests(ClusterFixture cluster) : ClusterTest(cluster)
{
    private readonly DirectoryInfo _pod = Directory.CreateTempSubdirectory("openmcf-it-pod-");

    public override async ValueTask DisposeAsync()
    {
        _pod.Delete(recursive: true);
        await base.DisposeAsync();
    }

    /// <summary>The service-account folder a pod would have, with the fixture's CA and <paramref name="token"/>.</summary>
    private string ServiceAccount(string token)
    {
        var kubeconfig = KubernetesClientConfiguration.LoadKubeConfig(Cluster.Kubeconfig);
        var context = kubeconfig.Contexts.First(c => c.Name == kubeconfig.CurrentContext);
        var endpoint = kubeconfig.Clusters.First(c => c.Name == context.ContextDetails.Cluster).ClusterEndpoint;
        var ca = endpoint.CertificateAuthorityData is { Length: > 0 } data
            ? System.Text.Encoding.ASCII.GetString(Convert.FromBase64String(data))
            : File.ReadAllText(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(Cluster.Kubeconfig))!, endpoint.CertificateAuthority!));
        var folder = Directory.CreateDirectory(Path.Combine(_pod.FullName, "serviceaccount")).FullName;
        File.WriteAllText(Path.Combine(folder, "token"), token);
        File.WriteAllText(Path.Combine(folder, "ca.crt"), ca);
        File.WriteAllText(Path.Combine(folder, "namespace"), Namespace);
        return folder;
    }

    /// <summary>Runs openmcf as a pod would: no --kubeconfig, no KUBECONFIG, a home without .kube, the service host and port set.</summary>
    private async Task<CliRun> InPod(string serviceAccount, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = OpenmcfProcess.StartInfo(args);
        start.Environment.Remove("KUBECONFIG");
        start.Environment["HOME"] = Directory.CreateDirectory(Path.Combine(_pod.FullName, "home")).FullName;
        start.Environment["KUBERNETES_SERVICE_HOST"] = ApiServer.Host;
        start.Environment["KUBERNETES_SERVICE_PORT"] = ApiServer.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment[KubeconfigSources.ServiceAccountVariable] = serviceAccount;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(Token);
        var stderr = process.StandardError.ReadToEndAsync(Token);
        await process.WaitForExitAsync(Token);
        return new CliRun(process.ExitCode, await stdout, await stderr);
    }

    private string AdminToken()
    {
        var token = UserKubeconfig.AdminToken(Cluster.Kubeconfig);
        if (token is null)
        {
            Assert.Skip($"the {Cluster.Provider} kubeconfig has no token to mount as a service account's");
        }

        return token;
    }

    [Fact]
    public async Task Apply_without_any_kubeconfig_uses_the_pods_service_account()
    {
        var serviceAccount = ServiceAccount(AdminToken());

        var run = (await InPod(serviceAccount, null, "apply", "-f", Route("db"), "-v")).Exits(0);

        Assert.Contains($"tcproute.gateway.networking.k8s.io/db created (namespace {Namespace})", run.Stdout, StringComparison.Ordinal);
        Assert.Contains(
            $"verbose: in-cluster service account from {serviceAccount}, server {ApiServer.Scheme}://{ApiServer.Authority}/",
            run.Stderr,
            StringComparison.Ordinal);
        Assert.NotNull(await LiveRoute("db"));
    }

    [Fact]
    public async Task A_service_account_token_the_server_refuses_is_the_401_sentence()
    {
        var run = (await InPod(ServiceAccount("not-a-valid-token"), null, "apply", "-f", Route("db"))).Exits(3);

        Assert.Contains(
            "did not accept the pod's service account token: 401 Unauthorized; check that the service account still exists",
            run.Stderr,
            StringComparison.Ordinal);
        Assert.DoesNotContain("not-a-valid-token", run.Stdout + run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        Assert.Null(await LiveRoute("db"));
    }

    [Fact]
    public async Task The_machine_roots_stay_unloaded_with_the_service_accounts_CA()
    {
        // The machine's roots, as OpenSSL finds them, are files the test watches: the program must
        // never read them, as the service account's CA is the only one it needs (MachineRootStore).
        var roots = Directory.CreateDirectory(Path.Combine(_pod.FullName, "roots")).FullName;
        var serviceAccount = ServiceAccount(AdminToken());
        File.Copy(Path.Combine(serviceAccount, "ca.crt"), Path.Combine(roots, "ca-certificates.crt"));
        File.Copy(Path.Combine(serviceAccount, "ca.crt"), Path.Combine(roots, "cluster.pem"));
        var read = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var watcher = new FileSystemWatcher(roots) { NotifyFilter = NotifyFilters.LastAccess, EnableRaisingEvents = true };
        watcher.Changed += (_, e) => read.Enqueue(e.Name ?? "?");
        var environment = new Dictionary<string, string>
        {
            ["SSL_CERT_FILE"] = Path.Combine(roots, "ca-certificates.crt"),
            ["SSL_CERT_DIR"] = roots,
        };

        (await InPod(serviceAccount, environment, "apply", "-f", Route("db"))).Exits(0);

        // The control, read after the program ended: once the watcher reports it, it has reported
        // every earlier read too (one inotify queue, in order).
        var control = Path.Combine(roots, "control");
        await File.WriteAllTextAsync(control, "control", Token);
        _ = await File.ReadAllBytesAsync(control, Token);
        await Eventually.TrueAsync(
            () => Task.FromResult(read.Contains("control")), TimeSpan.FromSeconds(5), "the watcher to see the control read", Token);
        Assert.Equal(["control"], read.Distinct());
    }
}
