using System.Net;
using System.Net.Sockets;
using OpenMcf.TcpRoute.IntegrationTests.Infrastructure;
using OpenMcf.TcpRoute.Tests.Cli;

namespace OpenMcf.TcpRoute.IntegrationTests;

/// <summary>Every cluster failure ends as one sentence with what to do, exit 3, and no stack trace.</summary>
public class ClusterErrorTests(ClusterFixture cluster) : ClusterTest(cluster)
{
    private async Task<CliRun> ApplyWith(string kubeconfig, params string[] extra)
    {
        try
        {
            var run = await Openmcf(["apply", "-f", Route("db"), "--kubeconfig", kubeconfig, .. extra]);
            Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", run.Stderr, StringComparison.Ordinal);
            return run;
        }
        finally
        {
            File.Delete(kubeconfig);
        }
    }

    [Fact]
    public async Task User_without_rights_is_told_which_permission_is_missing()
    {
        if (Cluster.NoRightsContext is null)
        {
            Assert.Skip($"the {Cluster.Provider} kubeconfig has no user without rights");
        }

        var run = (await Openmcf("apply", "-f", Route("db"), "--context", Cluster.NoRightsContext)).Exits(3);
        Assert.Contains(
            $"user \"openmcf-no-rights\" may not get tcproutes.gateway.networking.k8s.io in namespace \"{Namespace}\" (403 Forbidden)",
            run.Stderr,
            StringComparison.Ordinal);
        Assert.Contains("samples/rbac/openmcf-role.yaml", run.Stderr, StringComparison.Ordinal);
        Assert.Null(await LiveRoute("db"));
    }

    [Fact]
    public async Task Context_label_in_the_manifest_pins_the_route_to_its_context()
    {
        if (Cluster.NoRightsContext is null)
        {
            Assert.Skip($"the {Cluster.Provider} kubeconfig has no second context");
        }

        var labelled = Manifest(File.ReadAllText(Route("db")).Replace(
            "  name: db",
            $"  name: db\n  labels:\n    kubernetes.openmcf.org/context: {Cluster.NoRightsContext}",
            StringComparison.Ordinal));
        (await Openmcf("apply", "-f", labelled)).Exits(3);
        Assert.Null(await LiveRoute("db"));

        // --context selects clusters; it does not send a pinned route elsewhere.
        var elsewhere = (await Openmcf("apply", "-f", labelled, "--context", "openmcf-local")).Exits(2);
        Assert.Contains("left out: db (openmcf-local-no-rights)", elsewhere.Stderr, StringComparison.Ordinal);
        (await Openmcf("apply", "-f", labelled, "--context", "openmcf-local", "--context", Cluster.NoRightsContext)).Exits(3);
        Assert.Null(await LiveRoute("db"));
        (await Openmcf("apply", "-f", Route("db"), "--context", "openmcf-local")).Exits(0);
        Assert.NotNull(await LiveRoute("db"));
    }

    [Fact]
    public async Task Wrong_token_is_unauthorized()
    {
        var run = (await ApplyWith(TestKubeconfigs.Write(Cluster.Kubeconfig, c => TestKubeconfigs.SetToken(c, "not-a-valid-token"))))
            .Exits(3);
        Assert.Contains("did not accept the credentials", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("401 Unauthorized", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("not-a-valid-token", run.Stderr + run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connection_refused_is_unreachable()
    {
        var run = (await ApplyWith(TestKubeconfigs.Write(Cluster.Kubeconfig, c => TestKubeconfigs.SetServer(c, "https://127.0.0.1:1"))))
            .Exits(3);
        Assert.Contains("cannot reach the API server at https://127.0.0.1:1: connection refused", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_certificate_from_an_untrusted_ca_is_refused()
    {
        var run = (await ApplyWith(TestKubeconfigs.Write(Cluster.Kubeconfig, TestKubeconfigs.TrustStrangerCa))).Exits(3);
        Assert.Contains("the TLS connection to", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("the certificate-authority in the kubeconfig does not vouch for", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_certificate_authority_in_the_kubeconfig_the_machine_roots_decide()
    {
        var run = (await ApplyWith(TestKubeconfigs.Write(Cluster.Kubeconfig, TestKubeconfigs.DropCa))).Exits(3);
        Assert.Contains("none of this machine's trusted certificate authorities vouches for", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("the kubeconfig names no certificate-authority", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_certificate_that_does_not_name_the_address_is_refused()
    {
        // The real server behind a relay on 127.0.0.2: same certificate and CA, but the certificate
        // names 127.0.0.1, not the address dialled. kubectl refuses this too.
        await using var relay = new TcpFaultProxy(ApiServer, _ => false, listen: "127.0.0.2");
        var kubeconfig = TestKubeconfigs.Write(Cluster.Kubeconfig, c => TestKubeconfigs.SetServer(c, relay.Url));

        var run = (await ApplyWith(kubeconfig)).Exits(3);

        Assert.Contains($"the TLS connection to {relay.Url}", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("does not name 127.0.0.2 (it names ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1", run.Stderr, StringComparison.Ordinal);
        Assert.True(relay.Connections >= 1, "the relay saw no connection, so the refusal was not the certificate's");

        // Preflight met the refusal first; skipping preflight would not help, so it is not offered.
        Assert.Contains("error: nothing was applied", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("--skip-preflight", run.Stderr, StringComparison.Ordinal);
        Assert.Null(await LiveRoute("db"));
    }

    [Fact]
    public async Task The_same_relay_on_an_address_the_certificate_names_is_accepted()
    {
        // The control for the test above: only the address differs.
        await using var relay = new TcpFaultProxy(ApiServer, _ => false, listen: "127.0.0.1");
        var kubeconfig = TestKubeconfigs.Write(Cluster.Kubeconfig, c => TestKubeconfigs.SetServer(c, relay.Url));

        (await Openmcf("apply", "-f", Route("db"), "--kubeconfig", kubeconfig)).Exits(0);

        Assert.NotNull(await LiveRoute("db"));
    }

    [Fact]
    public async Task Server_that_never_answers_hits_the_request_timeout()
    {
        // A loopback listener that accepts connections and then says nothing.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var started = DateTime.UtcNow;
        var kubeconfig = TestKubeconfigs.Write(Cluster.Kubeconfig, c => TestKubeconfigs.SetServer(c, $"https://127.0.0.1:{port}"));
        var run = (await ApplyWith(kubeconfig, "--request-timeout", "1s")).Exits(3);
        Assert.Contains("did not answer within 1 s", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("--request-timeout", run.Stderr, StringComparison.Ordinal);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(15), $"took {DateTime.UtcNow - started}");
    }

    [Fact]
    public async Task Unreadable_kubeconfig_and_unknown_context_are_explained()
    {
        var garbage = Manifest("clusters: [unclosed\n");
        var bad = (await Openmcf("apply", "-f", Route("db"), "--kubeconfig", garbage)).Exits(3);
        Assert.Contains($"cannot read the kubeconfig {garbage}", bad.Stderr, StringComparison.Ordinal);

        var missing = (await Openmcf("apply", "-f", Route("db"), "--kubeconfig", "/nonexistent/kubeconfig")).Exits(3);
        Assert.Contains("the kubeconfig /nonexistent/kubeconfig (from --kubeconfig) does not exist",
            missing.Stderr, StringComparison.Ordinal);

        var unknown = (await Openmcf("apply", "-f", Route("db"), "--context", "no-such-context")).Exits(3);
        Assert.Contains("context \"no-such-context\" is not in the kubeconfig", unknown.Stderr, StringComparison.Ordinal);
        Assert.Contains("available: ", unknown.Stderr, StringComparison.Ordinal);
    }
}
