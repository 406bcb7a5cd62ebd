using OpenMcf.TcpRoute.IntegrationTests.Infrastructure;

namespace OpenMcf.TcpRoute.IntegrationTests;

/// <summary>
/// How the real process trusts the API server. It trusts only the kubeconfig's certificate
/// authority and does not load the machine's roots at all, which is process-wide state, so these
/// run openmcf in its own process.
/// </summary>
public class ServerTrustTests(ClusterFixture cluster) : ClusterTest(cluster)
{
    [Fact]
    public async Task A_certificate_that_does_not_name_the_address_dialled_is_refused()
    {
        await using var relay = new TcpFaultProxy(ApiServer, _ => false, listen: "127.0.0.2");
        var kubeconfig = TestKubeconfigs.Write(Cluster.Kubeconfig, c => TestKubeconfigs.SetServer(c, relay.Url));

        var run = (await OpenmcfProcess.RunAsync(Token, "apply", "-f", Route("db"), "--kubeconfig", kubeconfig, "--skip-preflight"))
            .Exits(3);

        Assert.Contains($"the TLS connection to {relay.Url} was refused: the server has a certificate that does not name 127.0.0.2",
            run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        Assert.Null(await LiveRoute("db"));
    }

    [Fact]
    public async Task A_certificate_from_another_authority_is_refused()
    {
        var kubeconfig = TestKubeconfigs.Write(Cluster.Kubeconfig, TestKubeconfigs.TrustStrangerCa);

        var run = (await OpenmcfProcess.RunAsync(Token, "apply", "-f", Route("db"), "--kubeconfig", kubeconfig, "--skip-preflight"))
            .Exits(3);

        Assert.Contains("the certificate-authority in the kubeconfig does not vouch for", run.Stderr, StringComparison.Ordinal);
        Assert.Null(await LiveRoute("db"));
    }

    [Fact]
    public async Task Exec_plugins_get_the_environment_unchanged()
    {
        var token = UserKubeconfig.AdminToken(Cluster.Kubeconfig);
        if (token is null)
        {
            Assert.Skip($"the {Cluster.Provider} kubeconfig has no token for the plugin to hand out");
        }

        // An already expired credential makes the client run the plugin again for each request,
        // so it also runs after openmcf has changed its own TLS set-up.
        var log = Path.Combine(Path.GetTempPath(), $"openmcf-it-plugin-{Guid.NewGuid():N}.log");
        var credential = "{\"apiVersion\":\"client.authentication.k8s.io/v1beta1\",\"kind\":\"ExecCredential\",\"status\":"
            + $"{{\"token\":\"{token}\",\"expirationTimestamp\":\"2020-01-01T00:00:00Z\"}}}}";
        var plugin = UserKubeconfig.Plugin(
            "echo \"${SSL_CERT_FILE-unset} ${SSL_CERT_DIR-unset}\" >> " + log + "\n"
            + "printf '%s' '" + credential + "'");
        var kubeconfig = UserKubeconfig.Write(Cluster.Kubeconfig, $"""
            exec:
              apiVersion: client.authentication.k8s.io/v1beta1
              command: {plugin}
            """);
        try
        {
            (await OpenmcfProcess.RunAsync(Token, "apply", "-f", Route("db"), "--kubeconfig", kubeconfig)).Exits(0);

            Assert.NotNull(await LiveRoute("db"));
            var expected = $"{Environment.GetEnvironmentVariable("SSL_CERT_FILE") ?? "unset"} "
                + $"{Environment.GetEnvironmentVariable("SSL_CERT_DIR") ?? "unset"}";
            var runs = File.ReadAllLines(log);
            Assert.True(runs.Length >= 2, $"the plugin ran {runs.Length} time(s); the test needs a run after the first request");
            Assert.All(runs, r => Assert.Equal(expected, r));
        }
        finally
        {
            File.Delete(log);
            File.Delete(plugin);
        }
    }
}
