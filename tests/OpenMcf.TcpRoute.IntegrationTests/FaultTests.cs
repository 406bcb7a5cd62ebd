using k8s;
using OpenMcf.TcpRoute.IntegrationTests.Infrastructure;

namespace OpenMcf.TcpRoute.IntegrationTests;

/// <summary>
/// Fault-injecting proxies between openmcf and the real API server: 429 and 503 (with and without
/// Retry-After) and connection resets are retried with backoff, then reported; a host that does
/// not resolve fails at once with a clear message.
/// </summary>
public class FaultTests(ClusterFixture cluster) : ClusterTest(cluster)
{
    private async Task<(OpenMcf.TcpRoute.Tests.Cli.CliRun Run, List<string> Seen)> ApplyThrough(Func<string, int, Fault> plan)
    {
        if (!File.ReadAllText(Cluster.Kubeconfig).Contains("token:", StringComparison.Ordinal))
        {
            Assert.Skip($"the {Cluster.Provider} kubeconfig has no token for the proxy to pass on");
        }

        await using var proxy = new FaultProxy(Cluster.Kubeconfig, plan);
        var kubeconfig = Manifest($"""
            apiVersion: v1
            kind: Config
            clusters: [{"{"}name: proxy, cluster: {"{"}server: "{proxy.Url}"{"}"}{"}"}]
            users: [{"{"}name: admin, user: {"{"}token: "{proxy.Token}"{"}"}{"}"}]
            contexts: [{"{"}name: proxy, context: {"{"}cluster: proxy, user: admin{"}"}{"}"}]
            current-context: proxy
            """);
        var run = await Openmcf("apply", "-f", Route("db"), "--kubeconfig", kubeconfig, "--skip-preflight");
        return (run, proxy.Seen);
    }

    private static bool IsPatch(string request) => request.StartsWith("PATCH ", StringComparison.Ordinal);

    [Theory]
    [InlineData(Fault.ServiceUnavailableRetryAfter)]
    [InlineData(Fault.ServiceUnavailable)]
    [InlineData(Fault.TooManyRequests)]
    public async Task Transient_faults_are_retried_until_the_apply_succeeds(Fault fault)
    {
        var (run, seen) = await ApplyThrough((request, n) => IsPatch(request) && n <= 2 ? fault : Fault.None);
        run.Exits(0);
        Assert.Contains("created", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(3, seen.Count(IsPatch));
        Assert.NotNull(await LiveRoute("db"));
    }

    [Fact]
    public async Task A_server_that_stays_unavailable_is_reported_after_bounded_retries()
    {
        var (run, seen) = await ApplyThrough((request, _) => IsPatch(request) ? Fault.ServiceUnavailable : Fault.None);
        run.Exits(3);
        Assert.Equal(OpenMcf.TcpRoute.Cluster.RetryHandler.MaxAttempts, seen.Count(IsPatch));
        Assert.Contains("503", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reset_connections_are_retried_until_the_apply_succeeds()
    {
        await using var proxy = new TcpFaultProxy(ApiServer, n => n <= 2);
        var kubeconfig = TestKubeconfigs.Write(Cluster.Kubeconfig, c => TestKubeconfigs.SetServer(c, proxy.Url));

        var run = (await Openmcf("apply", "-f", Route("db"), "--kubeconfig", kubeconfig, "--skip-preflight")).Exits(0);

        Assert.Contains("created", run.Stdout, StringComparison.Ordinal);
        Assert.True(proxy.Connections >= 3, $"expected the two reset connections and at least one more, saw {proxy.Connections}");
        Assert.NotNull(await LiveRoute("db"));
    }

    [Fact]
    public async Task A_server_that_keeps_resetting_is_reported_after_bounded_retries()
    {
        await using var proxy = new TcpFaultProxy(ApiServer, _ => true);
        var kubeconfig = TestKubeconfigs.Write(Cluster.Kubeconfig, c => TestKubeconfigs.SetServer(c, proxy.Url));

        var run = (await Openmcf("apply", "-f", Route("db"), "--kubeconfig", kubeconfig, "--skip-preflight")).Exits(3);

        Assert.True(run.Stderr.Contains("reset", StringComparison.Ordinal), run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        Assert.InRange(
            proxy.Connections, OpenMcf.TcpRoute.Cluster.RetryHandler.MaxAttempts, 3 * OpenMcf.TcpRoute.Cluster.RetryHandler.MaxAttempts);
        Assert.Null(await LiveRoute("db"));
    }

    [Fact]
    public async Task A_server_name_that_does_not_resolve_fails_at_once_with_a_clear_message()
    {
        // .invalid never resolves (RFC 6761), with or without a network.
        var kubeconfig = TestKubeconfigs.Write(
            Cluster.Kubeconfig, c => TestKubeconfigs.SetServer(c, "https://openmcf-no-such-host.invalid:6443"));

        var run = (await Openmcf("apply", "-f", Route("db"), "--kubeconfig", kubeconfig)).Exits(3);

        Assert.Contains("openmcf-no-such-host.invalid", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("resolve", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", run.Stderr, StringComparison.Ordinal);
    }
}
