using OpenMcf.TcpRoute.IntegrationTests.Infrastructure;

namespace OpenMcf.TcpRoute.IntegrationTests;

/// <summary>Tests that swap the cluster's Gateway API CRDs: they run alone, after all other tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCrdSwitching
{
    public const string Name = "Gateway API CRD channels (serial)";
}

/// <summary>What apply does with the CRD missing, with the v1.6 standard channel (v1 only) and with v1.5.1 (v1alpha2 only).</summary>
[Collection(SerialCrdSwitching.Name)]
public class GatewayApiChannelTests(ClusterFixture cluster) : ClusterTest(cluster)
{
    private const string TwoRules = DefaultRules + "\n" + """
            - name: replica
              backendRefs:
                - name: postgres-replica
                  port: 5432
        """;

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
        if (Cluster.Admin is not null)
        {
            await GatewayApiCrds.InstallAsync(Admin, TestPaths.Crds("v1.6.1", "experimental"), CancellationToken.None);
        }
    }

    [Fact]
    public async Task Missing_crd_says_which_crds_to_install()
    {
        await GatewayApiCrds.RemoveAsync(Admin, Token);
        var run = (await Openmcf("apply", "-f", Route("db"))).Exits(3);
        Assert.Contains("the cluster does not serve TCPRoute (tcproutes.gateway.networking.k8s.io); install the Gateway API experimental-channel CRDs", run.Stderr, StringComparison.Ordinal);

        var destroy = (await Openmcf("destroy", "-f", Route("db"))).Exits(0);
        Assert.Contains("already absent", destroy.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Standard_channel_applies_a_one_rule_route_as_v1_and_says_so()
    {
        await GatewayApiCrds.InstallAsync(Admin, TestPaths.Crds("v1.6.1", "standard"), Token);
        var run = (await Openmcf("apply", "-f", Route("db"), "-o", "json", "--skip-preflight")).Exits(0);
        Assert.Contains("note: the cluster serves TCPRoute only as v1 (Gateway API standard channel)", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("\"apiVersion\": \"gateway.networking.k8s.io/v1\"", run.Stdout, StringComparison.Ordinal);
        Assert.NotNull(await LiveRoute("db", "v1"));
    }

    [Fact]
    public async Task Standard_channel_explains_why_a_two_rule_route_cannot_be_applied()
    {
        await GatewayApiCrds.InstallAsync(Admin, TestPaths.Crds("v1.6.1", "standard"), Token);
        var run = (await Openmcf("apply", "-f", Route("db", TwoRules), "--skip-preflight")).Exits(3);
        Assert.Contains("the route has 2 rules, but the cluster serves TCPRoute only as v1 (Gateway API standard channel), which allows one rule", run.Stderr, StringComparison.Ordinal);
        Assert.Null(await LiveRoute("db", "v1"));

        var forced = (await Openmcf("apply", "-f", Route("db"), "--api-version", "v1alpha2", "--skip-preflight")).Exits(3);
        Assert.Contains("the cluster serves TCPRoute as v1, not v1alpha2", forced.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gateway_api_1_5_serves_v1alpha2_only_and_two_rules_apply()
    {
        await GatewayApiCrds.InstallAsync(Admin, TestPaths.Crds("v1.5.1", "experimental"), Token);
        var run = (await Openmcf("apply", "-f", Route("db", TwoRules), "--skip-preflight")).Exits(0);
        Assert.Contains("created", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("deprecated", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, (await LiveRoute("db"))!["spec"]!["rules"]!.AsArray().Count);
    }

    [Fact]
    public async Task Several_KUBECONFIG_files_are_merged()
    {
        // KUBECONFIG is process-wide, so this test lives in the serial collection.
        var empty = Manifest("apiVersion: v1\nkind: Config\nclusters: []\nusers: []\ncontexts: []\n");
        var previous = Environment.GetEnvironmentVariable("KUBECONFIG");
        Environment.SetEnvironmentVariable("KUBECONFIG", $"{empty}{Path.PathSeparator}{Cluster.Kubeconfig}");
        try
        {
            var run = (await OpenMcf.TcpRoute.Tests.Cli.CliRun.Of("apply", "-f", Route("db"))).Exits(0);
            Assert.Contains("created", run.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("KUBECONFIG", previous);
        }
    }
}
