using System.Text.Json.Nodes;
using OpenMcf.TcpRoute.IntegrationTests.Infrastructure;

namespace OpenMcf.TcpRoute.IntegrationTests;

public class PlanAndDestroyTests(ClusterFixture cluster) : ClusterTest(cluster)
{
    [Fact]
    public async Task Plan_for_a_new_route_says_create_exits_6_and_leaves_nothing()
    {
        var run = (await Openmcf("plan", "-f", Route("db"))).Exits(6);
        Assert.StartsWith($"tcproute.gateway.networking.k8s.io/db would be created (namespace {Namespace})\n",
            run.Stdout, StringComparison.Ordinal);
        Assert.Contains("  + spec: {\"parentRefs\":[{", run.Stdout, StringComparison.Ordinal);
        Assert.Null(await LiveRoute("db"));
    }

    [Fact]
    public async Task Plan_after_apply_says_unchanged_and_exits_0()
    {
        var path = Route("db");
        (await Openmcf("apply", "-f", path)).Exits(0);
        var run = (await Openmcf("preview", "-f", path)).Exits(0);
        Assert.Equal($"tcproute.gateway.networking.k8s.io/db unchanged (namespace {Namespace})\n", run.Stdout);
    }

    [Fact]
    public async Task Plan_shows_a_field_level_diff_of_the_managed_fields()
    {
        (await Openmcf("apply", "-f", Route("db"))).Exits(0);
        var changed = Route("db", DefaultRules.Replace("port: 5432", "port: 6432\n          weight: 5", StringComparison.Ordinal));
        var run = (await Openmcf("diff", "-f", changed)).Exits(6);
        Assert.Contains("  ~ spec.rules[0].backendRefs[0].port: 5432 -> 6432", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("  ~ spec.rules[0].backendRefs[0].weight: 1 -> 5", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(5432, (int)(await LiveRoute("db"))!["spec"]!["rules"]![0]!["backendRefs"]![0]!["port"]!);

        var json = (await Openmcf("plan", "-f", changed, "-o", "json")).Exits(6);
        var changes = JsonNode.Parse(json.Stdout)![0]!["changes"]!.AsArray();
        Assert.Equal(
            ["spec.rules[0].backendRefs[0].port", "spec.rules[0].backendRefs[0].weight"],
            changes.Select(c => (string?)c!["path"]));
        Assert.Equal("change", (string?)JsonNode.Parse(json.Stdout)![0]!["action"]);
    }

    [Fact]
    public async Task Destroy_deletes_then_reports_absent_without_error()
    {
        var path = Route("db");
        (await Openmcf("apply", "-f", path)).Exits(0);
        var first = (await Openmcf("destroy", "-f", path)).Exits(0);
        Assert.Equal($"tcproute.gateway.networking.k8s.io/db deleted (namespace {Namespace})\n", first.Stdout);
        Assert.Null(await LiveRoute("db"));
        var second = (await Openmcf("delete", "-f", path)).Exits(0);
        Assert.Equal($"tcproute.gateway.networking.k8s.io/db already absent (namespace {Namespace})\n", second.Stdout);
    }

    [Fact]
    public async Task Destroy_server_dry_run_keeps_the_route()
    {
        var path = Route("db");
        (await Openmcf("apply", "-f", path)).Exits(0);
        var run = (await Openmcf("destroy", "-f", path, "--dry-run=server")).Exits(0);
        Assert.Contains("deleted", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("(server dry run)", run.Stdout, StringComparison.Ordinal);
        Assert.NotNull(await LiveRoute("db"));
    }
}
