using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using OpenMcf.TcpRoute.IntegrationTests.Infrastructure;
using OpenMcf.TcpRoute.Tests.Cli;

namespace OpenMcf.TcpRoute.IntegrationTests;

/// <summary>
/// One command, several real clusters: the main test cluster and the named local clusters of <see cref="FleetFixture"/>
/// (a healthy one, one without the Gateway API CRDs, one stopped), merged through KUBECONFIG as a user's files are.
/// </summary>
public sealed class FleetTests(ClusterFixture cluster, FleetFixture fleet) : ClusterTest(cluster), IClassFixture<FleetFixture>
{
    private const string Healthy = FleetFixture.Healthy;

    private string Main { get; set; } = string.Empty;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        fleet.Require();
        Main = (await KubernetesClientConfiguration.LoadKubeConfigAsync(Cluster.Kubeconfig)).CurrentContext;

        // What the routes need in the second cluster too, so that its preflight passes.
        await fleet.HealthyAdmin.CoreV1.CreateNamespaceAsync(
            new V1Namespace { Metadata = new V1ObjectMeta { Name = Namespace } }, cancellationToken: Token);
        await fleet.HealthyAdmin.CustomObjects.CreateNamespacedCustomObjectAsync(
            GatewayObject("my-gateway", ("tcp", "TCP", 5432)), "gateway.networking.k8s.io", "v1", Namespace, "gateways",
            cancellationToken: Token);
        await CreateService("postgres", 5432, on: fleet.HealthyAdmin);

        // And the namespace in the cluster without the CRDs, so that what fails there is the missing CRD.
        await fleet.BareAdmin.CoreV1.CreateNamespaceAsync(
            new V1Namespace { Metadata = new V1ObjectMeta { Name = Namespace } }, cancellationToken: Token);
    }

    public override async ValueTask DisposeAsync()
    {
        try
        {
            await fleet.HealthyAdmin.CustomObjects.DeleteCollectionNamespacedCustomObjectAsync(
                "gateway.networking.k8s.io", "v1alpha2", Namespace, "tcproutes", cancellationToken: CancellationToken.None);
            await fleet.HealthyAdmin.CoreV1.DeleteNamespaceAsync(Namespace, cancellationToken: CancellationToken.None);
            await fleet.BareAdmin.CoreV1.DeleteNamespaceAsync(Namespace, cancellationToken: CancellationToken.None);
        }
        catch (k8s.Autorest.HttpOperationException)
        {
            // Never created (the fixture could not start): nothing to clean.
        }

        await base.DisposeAsync();
    }

    /// <summary>openmcf in its own process, with every cluster's kubeconfig merged through KUBECONFIG.</summary>
    private Task<CliRun> Fleet(params string[] args)
    {
        string[] files = [Cluster.Kubeconfig, .. fleet.Kubeconfigs.Values];
        return OpenmcfProcess.RunAsync(
            new Dictionary<string, string?> { ["KUBECONFIG"] = string.Join(Path.PathSeparator, files) }, Token, args);
    }

    private static async Task<string[]> RouteNames(IKubernetes client, string ns)
    {
        var list = await client.CustomObjects.ListNamespacedCustomObjectAsync(
            "gateway.networking.k8s.io", "v1alpha2", ns, "tcproutes", cancellationToken: Token);
        return [.. JsonNode.Parse(KubernetesJson.Serialize(list))!["items"]!.AsArray()
            .Select(i => (string)i!["metadata"]!["name"]!).Order(StringComparer.Ordinal)];
    }

    private string Labelled(string name, string context) =>
        Manifest(File.ReadAllText(Route(name)).Replace(
            $"  name: {name}\n", $"  name: {name}\n  labels:\n    kubernetes.openmcf.org/context: {context}\n", StringComparison.Ordinal));

    [Fact]
    public async Task Applies_every_route_to_every_selected_cluster_and_says_where_each_went()
    {
        var run = (await Fleet("apply", "-f", Route("db"), "-f", Route("cache"), "--context", Main, "--context", Healthy, "-o", "json"))
            .Exits(0);

        Assert.Equal(["cache", "db"], await RouteNames(Admin, Namespace));
        Assert.Equal(["cache", "db"], await RouteNames(fleet.HealthyAdmin, Namespace));
        var results = JsonNode.Parse(run.Stdout)!.AsArray();
        Assert.Equal(
            [$"{Main} db created", $"{Main} cache created", $"{Healthy} db created", $"{Healthy} cache created"],
            results.Select(r => $"{r!["context"]} {r["name"]} {r["action"]}"));
        Assert.All(results, r => Assert.StartsWith("https://127.0.0.1:", (string)r!["server"]!, StringComparison.Ordinal));
        Assert.NotEqual((string)results[0]!["server"]!, (string)results[2]!["server"]!);

        // Text: each cluster under its name with its summary, then one over all.
        var text = (await Fleet("apply", "-f", Route("db"), "-f", Route("cache"), "--context", Main, "--context", Healthy)).Exits(0);
        Assert.Contains($"context {Healthy} (https://127.0.0.1:", text.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{Main}: ok; 2 routes: 2 unchanged\n", text.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{Healthy}: ok; 2 routes: 2 unchanged\n", text.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("2 clusters: 2 ok; 4 routes: 4 unchanged\n", text.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stopped_cluster_one_without_the_crds_and_one_without_rights_do_not_stop_the_others()
    {
        var noRights = Cluster.NoRightsContext ?? $"{Healthy}-no-rights";
        var run = (await Fleet(
            "apply", "-f", Route("db"), "--context", FleetFixture.Stopped, "--context", Main,
            "--context", FleetFixture.Bare, "--context", noRights, "--context", Healthy))
            .Exits(3);

        Assert.Equal(["db"], await RouteNames(Admin, Namespace));
        Assert.Equal(["db"], await RouteNames(fleet.HealthyAdmin, Namespace));
        // The stopped cluster fails its preflight; the other two get as far as their apply.
        Assert.Contains($"{FleetFixture.Stopped}: failed\n", run.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{FleetFixture.Bare}: failed; 1 route: 1 failed\n", run.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{noRights}: failed; 1 route: 1 failed\n", run.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("5 clusters: 3 failed, 2 ok; 4 routes: 2 created, 2 failed\n", run.Stdout, StringComparison.Ordinal);

        // Which failed and why, once, last.
        var failed = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        Assert.StartsWith($"error: 3 of 5 clusters failed: {FleetFixture.Stopped} (", failed, StringComparison.Ordinal);
        Assert.Contains("connection refused", failed, StringComparison.Ordinal);
        Assert.Contains($"; {FleetFixture.Bare} (db (", failed, StringComparison.Ordinal);
        Assert.Contains("the cluster does not serve TCPRoute", failed, StringComparison.Ordinal);
        Assert.Contains($"; {noRights} (db (", failed, StringComparison.Ordinal);
        Assert.Contains("(403 Forbidden)", failed, StringComparison.Ordinal);
        Assert.Single(run.Stderr.Split('\n'), l => l.Contains("clusters failed", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_labelled_route_goes_only_to_its_context_and_a_pattern_selects_contexts_by_name()
    {
        var pinned = Labelled("pinned", Main);
        var plan = (await Fleet("plan", "-f", Route("db"), "-f", pinned, "--context-pattern", "*-b", "--context", Main)).Exits(6);
        Assert.Contains($"{Healthy}: changes pending; 1 route: 1 would be created", plan.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{Main}: changes pending; 2 routes: 2 would be created", plan.Stdout, StringComparison.Ordinal);

        // Without flags, a route labelled for the current context and an unlabelled one go to that cluster as one.
        var together = (await Fleet("plan", "-f", Route("db"), "-f", pinned, "--kubeconfig", Cluster.Kubeconfig)).Exits(6);
        Assert.DoesNotContain("context ", together.Stdout, StringComparison.Ordinal);
        Assert.Contains("2 routes: 2 would be created", together.Stdout, StringComparison.Ordinal);

        // Selecting only the other cluster leaves the pinned route out, and says so.
        var run = (await Fleet("apply", "-f", Route("db"), "-f", pinned, "--context", Healthy)).Exits(0);
        Assert.Contains($"note: 1 route is labelled for a context this run does not select, and left out: pinned ({Main})",
            run.Stderr, StringComparison.Ordinal);
        Assert.Equal(["db"], await RouteNames(fleet.HealthyAdmin, Namespace));
        Assert.Empty(await RouteNames(Admin, Namespace));
    }

    [Fact]
    public async Task Each_cluster_keeps_its_own_set_and_status_and_destroy_reach_them_all()
    {
        string[] both = ["--context", Main, "--context", Healthy, "--applyset", "fleet-set", "--applyset-namespace", Namespace];
        (await Fleet(["apply", "-f", Route("db"), "-f", Route("cache"), "--prune", .. both])).Exits(0);
        var pruned = (await Fleet(["apply", "-f", Route("db"), "--prune", .. both])).Exits(0);
        Assert.Contains($"{Main}: ok; 2 routes: 1 unchanged, 1 pruned", pruned.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{Healthy}: ok; 2 routes: 1 unchanged, 1 pruned", pruned.Stdout, StringComparison.Ordinal);
        Assert.Equal(["db"], await RouteNames(Admin, Namespace));
        Assert.Equal(["db"], await RouteNames(fleet.HealthyAdmin, Namespace));

        // No controller runs: present and as declared, but not accepted (5), in both.
        var status = (await Fleet(["status", "-o", "json", .. both])).Exits(5);
        Assert.Equal(
            [$"{Main} db", $"{Healthy} db"],
            JsonNode.Parse(status.Stdout)!.AsArray().Select(r => $"{r!["context"]} {r["name"]}"));

        (await Fleet(["destroy", .. both])).Exits(0);
        Assert.Empty(await RouteNames(Admin, Namespace));
        Assert.Empty(await RouteNames(fleet.HealthyAdmin, Namespace));
    }

    [Fact]
    public async Task Wait_and_check_run_in_every_cluster_and_a_cluster_whose_gateway_never_answers_is_not_accepted()
    {
        var check = (await Fleet("check", "-f", Route("db"), "--context", Main, "--context", Healthy)).Exits(0);
        Assert.EndsWith("2 clusters: 2 ok; 2 routes: 2 ok\n", check.Stdout, StringComparison.Ordinal);

        // The main cluster's controller accepts the route; nothing answers in the other one.
        var apply = Fleet("apply", "-f", Route("db"), "--context", Main, "--context", Healthy, "--wait", "--timeout", "8s");
        await Eventually.TrueAsync(async () => (await RouteNames(Admin, Namespace)).Length == 1 || apply.IsCompleted,
            TimeSpan.FromSeconds(30), "the route to exist in the main cluster", Token);
        var live = await Admin.CustomObjects.GetNamespacedCustomObjectAsync(
            "gateway.networking.k8s.io", "v1alpha2", Namespace, "tcproutes", "db", cancellationToken: Token);
        var generation = (long)JsonNode.Parse(KubernetesJson.Serialize(live))!["metadata"]!["generation"]!;
        await WriteStatus("db", Parent(generation, AllGood));

        var run = (await apply).Exits(5);
        Assert.Contains($"{Main}: ok; 1 route: 1 created\n", run.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{Healthy}: not accepted; 1 route: 1 created\n", run.Stdout, StringComparison.Ordinal);
        Assert.Contains($"  parent {Namespace}/my-gateway (listener tcp): Accepted, ResolvedRefs (by {Controller})",
            run.Stdout, StringComparison.Ordinal);
        var failed = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        Assert.StartsWith($"error: 1 of 2 clusters failed: {Healthy} (db was not accepted: ", failed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Usage_problems_of_the_selection_stop_before_any_cluster_is_asked()
    {
        var pattern = (await Fleet("apply", "-f", Route("db"), "--context-pattern", "nothing-*")).Exits(2);
        Assert.Contains(
            "--context-pattern \"nothing-*\" matches none of the kubeconfig's contexts (", pattern.Stderr, StringComparison.Ordinal);
        var none = (await Fleet("apply", "-f", Labelled("db", Main), "--context", Healthy)).Exits(2);
        Assert.Contains("no route goes to a selected cluster", none.Stderr, StringComparison.Ordinal);
        (await Fleet("apply", "-f", Route("db"), "--all-contexts", "--cluster-concurrency", "0")).Exits(2);

        // Two contexts of one cluster would each prune what the other declares: refused before anything is sent.
        var noRights = Cluster.NoRightsContext ?? $"{Healthy}-no-rights";
        var shared = (await Fleet(
            "apply", "-f", Route("db"), "--context", Main, "--context", noRights, "--applyset", "s", "--applyset-namespace", Namespace,
            "--prune")).Exits(2);
        Assert.Contains($"contexts {Main} and {noRights} reach the same API server", shared.Stderr, StringComparison.Ordinal);
        Assert.Empty(await RouteNames(Admin, Namespace));
        Assert.Empty(await RouteNames(fleet.HealthyAdmin, Namespace));
    }
}
