using OpenMcf.TcpRoute.Cluster;
using OpenMcf.TcpRoute.Mapping;

namespace OpenMcf.TcpRoute.Tests.Cluster;

/// <summary>The runner's decisions, against clusters in memory: which cluster, which version, what to read, what to report.</summary>
public class RouteRunnerTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static IReadOnlyList<RouteRequest> Routes(params string[] yamls) =>
        RoutePreparation.Prepare(ManifestText.Validate(string.Join("\n---\n", yamls))).Requests;

    private static string Route(string name, string? context = null, string ns = "app-ns", string? extraRules = null) =>
        ManifestText.Minimal
            .Replace("  name: route", $"  name: {name}{ContextLabel(context)}", StringComparison.Ordinal)
            .Replace("value: app-ns", $"value: {ns}", StringComparison.Ordinal)
            + (extraRules is null ? string.Empty : "\n" + extraRules);

    private static readonly ApplySettings Apply = new("openmcf", ForceConflicts: false, ServerDryRun: false);

    private static string ContextLabel(string? context) =>
        context is null ? string.Empty : $"\n  labels:\n    kubernetes.openmcf.org/context: {context}";

    private static RouteRunner Runner(InMemoryClusters clusters, string? contextFlag = null, string? apiVersion = null) =>
        new(new RunSettings(new ConnectionSettings(null, contextFlag, TimeSpan.FromSeconds(5)), apiVersion, 4), clusters);

    [Fact]
    public async Task Each_route_goes_to_the_context_its_label_names_and_each_context_is_opened_once()
    {
        var clusters = new InMemoryClusters { ByContext = { ["prod"] = new InMemoryCluster(), ["stage"] = new InMemoryCluster() } };
        using var runner = Runner(clusters);
        var results = await runner.ApplyAsync(Routes(Route("a", "prod"), Route("b", "stage"), Route("c", "prod")), Apply, Token);

        Assert.All(results, r => Assert.Equal(ApplyAction.Created, r.Value?.Action));
        Assert.Equal(["prod", "stage"], clusters.Opened.Order(StringComparer.Ordinal));
        Assert.Equal(["app-ns/a", "app-ns/c"], clusters.ByContext["prod"].Routes.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["app-ns/b"], clusters.ByContext["stage"].Routes.Keys);
    }

    [Fact]
    public async Task The_context_flag_wins_over_the_label()
    {
        var clusters = new InMemoryClusters { ByContext = { ["ci"] = new InMemoryCluster() } };
        using var runner = Runner(clusters, contextFlag: "ci");
        var results = await runner.ApplyAsync(Routes(Route("a", "prod"), Route("b")), Apply, Token);

        Assert.All(results, r => Assert.False(r.Failed));
        Assert.Equal(["ci"], clusters.Opened);
    }

    [Fact]
    public async Task A_context_that_cannot_be_opened_fails_its_routes_only()
    {
        var down = new ClusterError(ClusterErrorKind.Unreachable, "cannot reach the API server");
        var clusters = new InMemoryClusters { ByContext = { ["up"] = new InMemoryCluster() }, Failing = { ["down"] = down } };
        using var runner = Runner(clusters);
        var results = await runner.ApplyAsync(Routes(Route("a", "down"), Route("b", "up"), Route("c", "down")), Apply, Token);

        Assert.Equal([true, false, true], results.Select(r => r.Failed));
        Assert.All(results.Where(r => r.Failed), r => Assert.Same(down, r.Error));
        Assert.Single(clusters.Opened, c => c == "down");
    }

    [Fact]
    public async Task A_cluster_serving_only_v1_gets_v1_when_the_route_fits_and_a_reason_when_not()
    {
        var cluster = new InMemoryCluster { Served = [GatewayApi.V1] };
        var clusters = new InMemoryClusters { ByContext = { [string.Empty] = cluster } };
        using var runner = Runner(clusters);
        var twoRules = Route("two", extraRules: "    - backendRefs: [{name: other, port: 1}]\n");
        var portsOnly = Route("ports")
            .Replace("    - name: gw\n", "    - {name: gw, port: 80}\n    - {name: gw, port: 81}\n", StringComparison.Ordinal);
        var results = await runner.ApplyAsync(Routes(Route("one"), twoRules, portsOnly), Apply, Token);

        Assert.Equal("gateway.networking.k8s.io/v1", results[0].ApiVersion);
        Assert.Contains("serves TCPRoute only as v1", results[0].Note, StringComparison.Ordinal);
        Assert.Equal(ClusterErrorKind.VersionUnsupported, results[1].Error?.Kind);
        Assert.Contains("the route has 2 rules", results[1].Error!.Message, StringComparison.Ordinal);
        Assert.Equal(ClusterErrorKind.VersionUnsupported, results[2].Error?.Kind);
        Assert.Contains("spec.parentRefs[1]", results[2].Error!.Message, StringComparison.Ordinal);
        Assert.Equal(["app-ns/one"], cluster.Routes.Keys);
    }

    [Fact]
    public async Task No_TCPRoute_served_fails_apply_and_makes_destroy_absent()
    {
        var clusters = new InMemoryClusters { ByContext = { [string.Empty] = new InMemoryCluster { Served = [] } } };
        using var runner = Runner(clusters);
        var applied = await runner.ApplyAsync(Routes(Route("a")), Apply, Token);
        var destroyed = await runner.DestroyAsync(Routes(Route("a")), dryRun: false, Token);

        Assert.Equal(ClusterErrorKind.CrdMissing, applied[0].Error?.Kind);
        Assert.Equal(DestroyAction.Absent, destroyed[0].Value?.Action);
        Assert.Equal("the cluster does not serve TCPRoute at all", destroyed[0].Note);
    }

    [Fact]
    public async Task Routes_sharing_a_namespace_are_read_with_a_list_and_a_lone_route_with_none()
    {
        var cluster = new InMemoryCluster();
        using var runner = Runner(new InMemoryClusters { ByContext = { [string.Empty] = cluster } });
        await runner.ApplyAsync(Routes(Route("a"), Route("b"), Route("c"), Route("lone", ns: "other-ns")), Apply, Token);

        // The reader answers each LIST once (ClusterLookups caches it); the runner asks only where routes share a namespace.
        Assert.Contains("list routes app-ns", cluster.Calls);
        Assert.All(cluster.Calls.Where(c => c.StartsWith("list", StringComparison.Ordinal)), c => Assert.Equal("list routes app-ns", c));
        var knownApplies = cluster.Calls
            .Count(c => c.StartsWith("apply app-ns/", StringComparison.Ordinal) && c.EndsWith(" known", StringComparison.Ordinal));
        Assert.Equal(3, knownApplies);
        Assert.Contains("apply other-ns/lone gateway.networking.k8s.io/v1alpha2", cluster.Calls);
        Assert.Single(cluster.Calls, c => c == "discovery");
    }

    [Fact]
    public async Task A_lone_routes_state_is_read_alongside_its_preflight_and_its_apply_reads_it_no_more()
    {
        // Its namespace, Gateway and Service, and the route itself: answered only once all four are in flight.
        var cluster = new InMemoryCluster { Gate = new Gate(together: 4) };
        using var runner = Runner(new InMemoryClusters { ByContext = { [string.Empty] = cluster } });
        var requests = Routes(Route("a"));
        var ahead = new StatesAhead(runner.Settings);

        var preflight = await runner.PreflightAsync(requests, Token, ahead);
        var applied = await runner.ApplyAsync(requests, Apply, Token, ahead);

        Assert.False(preflight[0].Failed);
        Assert.Equal(ApplyAction.Created, applied[0].Value?.Action);
        Assert.Single(cluster.Calls, c => c == "read app-ns/a v1alpha2");
        Assert.Contains("apply app-ns/a gateway.networking.k8s.io/v1alpha2 known", cluster.Calls);
    }

    [Fact]
    public async Task Routes_read_with_their_namespaces_list_and_routes_without_a_version_are_not_read_ahead()
    {
        var cluster = new InMemoryCluster { Served = [GatewayApi.V1] };
        using var runner = Runner(new InMemoryClusters { ByContext = { [string.Empty] = cluster } });
        var twoRules = Route("two", ns: "solo-ns", extraRules: "    - backendRefs: [{name: other, port: 1}]\n");
        var requests = Routes(Route("a"), Route("b"), Route("lone", ns: "other-ns"), twoRules);
        var ahead = new StatesAhead(runner.Settings);

        await runner.PreflightAsync(requests, Token, ahead);
        var applied = await runner.ApplyAsync(requests, Apply, Token, ahead);

        Assert.Equal(["read other-ns/lone v1"], cluster.Calls.Where(c => c.StartsWith("read ", StringComparison.Ordinal)));
        Assert.Equal(ClusterErrorKind.VersionUnsupported, applied[3].Error?.Kind);
        var knownApplies = cluster.Calls
            .Count(c => c.StartsWith("apply ", StringComparison.Ordinal) && c.EndsWith(" known", StringComparison.Ordinal));
        Assert.Equal(3, knownApplies);
    }

    [Fact]
    public async Task Plan_is_a_dry_run_and_destroy_names_the_group_in_apiVersion()
    {
        var cluster = new InMemoryCluster();
        using var runner = Runner(new InMemoryClusters { ByContext = { [string.Empty] = cluster } });
        var planned = await runner.PlanAsync(Routes(Route("a")), "openmcf", Token);
        Assert.Equal(PlanAction.Create, planned[0].Value?.Action);
        Assert.Empty(cluster.Routes);
        Assert.Contains(cluster.Calls, c => c.EndsWith("dry-run", StringComparison.Ordinal));

        await runner.ApplyAsync(Routes(Route("a")), Apply, Token);
        var destroyed = await runner.DestroyAsync(Routes(Route("a")), dryRun: false, Token);
        Assert.Equal(DestroyAction.Deleted, destroyed[0].Value?.Action);
        Assert.Equal("gateway.networking.k8s.io/v1alpha2", destroyed[0].ApiVersion);
    }

    [Fact]
    public async Task Disposing_the_runner_disposes_every_cluster_it_opened()
    {
        var prod = new InMemoryCluster();
        var clusters = new InMemoryClusters { ByContext = { ["prod"] = prod } };
        using (var runner = Runner(clusters))
        {
            await runner.ApplyAsync(Routes(Route("a", "prod")), Apply, Token);
        }

        Assert.True(prod.Disposed);
    }
}
