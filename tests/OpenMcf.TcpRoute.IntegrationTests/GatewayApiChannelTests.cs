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
        if (_narrowed is not null)
        {
            Directory.Delete(_narrowed, recursive: true);
        }

        if (Cluster.Admin is not null)
        {
            await GatewayApiCrds.InstallAsync(Cluster, TestPaths.Crds("v1.6.1", "experimental"), CancellationToken.None);
        }
    }

    [Fact]
    public async Task Missing_crd_says_which_crds_to_install()
    {
        await GatewayApiCrds.RemoveAsync(Cluster, Token);
        var run = (await Openmcf("apply", "-f", Route("db"))).Exits(3);
        Assert.Contains(
            "the cluster does not serve TCPRoute (tcproutes.gateway.networking.k8s.io); install the Gateway API experimental-channel CRDs",
            run.Stderr,
            StringComparison.Ordinal);

        var destroy = (await Openmcf("destroy", "-f", Route("db"))).Exits(0);
        Assert.Contains("already absent", destroy.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Standard_channel_applies_a_one_rule_route_as_v1_and_says_so()
    {
        await GatewayApiCrds.InstallAsync(Cluster, TestPaths.Crds("v1.6.1", "standard"), Token);
        var run = (await Openmcf("apply", "-f", Route("db"), "-o", "json", "--skip-preflight")).Exits(0);
        Assert.Contains("note: the cluster serves TCPRoute only as v1 (Gateway API standard channel)",
            run.Stderr, StringComparison.Ordinal);
        Assert.Contains("\"apiVersion\": \"gateway.networking.k8s.io/v1\"", run.Stdout, StringComparison.Ordinal);
        Assert.NotNull(await LiveRoute("db", "v1"));
    }

    [Fact]
    public async Task Standard_channel_explains_why_a_two_rule_route_cannot_be_applied()
    {
        await GatewayApiCrds.InstallAsync(Cluster, TestPaths.Crds("v1.6.1", "standard"), Token);
        var run = (await Openmcf("apply", "-f", Route("db", TwoRules), "--skip-preflight")).Exits(3);
        Assert.Contains(
            "the route has 2 rules, but the cluster serves TCPRoute only as v1 (Gateway API standard channel), which allows one rule",
            run.Stderr,
            StringComparison.Ordinal);
        Assert.Null(await LiveRoute("db", "v1"));

        var forced = (await Openmcf("apply", "-f", Route("db"), "--api-version", "v1alpha2", "--skip-preflight")).Exits(3);
        Assert.Contains("the cluster serves TCPRoute as v1, not v1alpha2", forced.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gateway_api_1_5_serves_v1alpha2_only_and_two_rules_apply()
    {
        await GatewayApiCrds.InstallAsync(Cluster, TestPaths.Crds("v1.5.1", "experimental"), Token);
        var run = (await Openmcf("apply", "-f", Route("db", TwoRules), "--skip-preflight")).Exits(0);
        Assert.Contains("created", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("deprecated", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, (await LiveRoute("db"))!["spec"]!["rules"]!.AsArray().Count);
    }

    /// <summary>
    /// A cluster whose TCPRoute schema differs from the release openmcf checks against: the standard
    /// channel's CRDs with v1alpha2 served, and (as a cluster admin might) at most one rule. Only the
    /// server can refuse these routes, and its answers must still read as sentences.
    /// </summary>
    private async Task InstallNarrowedCrds()
    {
        var dir = Directory.CreateTempSubdirectory("openmcf-crds-").FullName;

        // Edited as text, line by line, so that the legacy profile's one edit (dropping `default: ""`
        // lines, which 1.20 refuses) still applies: v1alpha2 is the one version not served, and its
        // rules list is the one list of at most 16 at that depth.
        foreach (var file in Directory.GetFiles(TestPaths.Crds("v1.6.1", "standard"), "*.yaml"))
        {
            var text = await File.ReadAllTextAsync(file, Token);
            if (Path.GetFileName(file) == "tcproutes.yaml")
            {
                text = Once(
                    Once(text, "\n    served: false\n", "\n    served: true\n"),
                    "\n                maxItems: 16\n",
                    "\n                maxItems: 1\n");
            }

            await File.WriteAllTextAsync(Path.Combine(dir, Path.GetFileName(file)), text, Token);
        }

        _narrowed = dir;
        await GatewayApiCrds.InstallAsync(Cluster, dir, Token);
    }

    private string? _narrowed;

    private static string Once(string text, string find, string replace)
    {
        Assert.Equal(1, text.Split(find).Length - 1);
        return text.Replace(find, replace, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_rejection_points_at_the_manifest_line()
    {
        await InstallNarrowedCrds();
        var path = Route("db", TwoRules);
        var run = (await Openmcf("apply", "-f", path, "--skip-preflight")).Exits(3);
        var rulesLine = File.ReadAllLines(path).ToList().FindIndex(l => l.TrimStart().StartsWith("rules:", StringComparison.Ordinal)) + 1;
        // 1.36 says "Too many: 2: must have at most 1 item", 1.20 "spec.rules in body should have at most 1 items".
        Assert.Matches("the API server rejected tcproutes.gateway.networking.k8s.io \"db\": spec.rules: [^;]*at most 1 item", run.Stderr);
        Assert.Contains("the cluster's TCPRoute schema refused what openmcf validated", run.Stderr, StringComparison.Ordinal);
        Assert.Contains($"{path}:{rulesLine}:3: error: spec.rules:", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        Assert.Null(await LiveRoute("db"));
    }

    [Fact]
    public async Task A_field_the_cluster_schema_lacks_is_one_sentence()
    {
        await InstallNarrowedCrds();
        var path = Manifest(
            File.ReadAllText(Route("db")).Replace("  rules:", "  useDefaultGateways: All\n  rules:", StringComparison.Ordinal));
        var run = await Openmcf("apply", "-f", path, "--skip-preflight");
        run.Exits(3);
        Assert.Contains("the cluster's TCPRoute schema has no field spec.useDefaultGateways (500: field not declared in schema)",
            run.Stderr, StringComparison.Ordinal);
        Assert.Contains("install Gateway API CRDs that have it (the experimental channel)", run.Stderr, StringComparison.Ordinal);
        Assert.Contains($"{path}:", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
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
