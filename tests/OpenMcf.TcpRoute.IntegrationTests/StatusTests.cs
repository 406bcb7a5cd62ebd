using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using OpenMcf.TcpRoute.IntegrationTests.Infrastructure;

namespace OpenMcf.TcpRoute.IntegrationTests;

/// <summary>
/// openmcf status against the real server: presence, field managers, drift (values and ownership),
/// parents' conditions (the tests play the Gateway controller through the status subresource), sets and --watch.
/// </summary>
public class StatusTests(ClusterFixture cluster) : ClusterTest(cluster)
{
    private async Task Accept(string route)
    {
        var generation = (long)(await LiveRoute(route))!["metadata"]!["generation"]!;
        await WriteStatus(route, Parent(generation, AllGood));
    }

    private Task Change(string route, JsonObject patch, string manager, bool apply = false) =>
        PatchAs(manager, route, patch, apply ? V1Patch.PatchType.ApplyPatch : V1Patch.PatchType.MergePatch, force: apply);

    private JsonObject Rules(int port) => TcpRouteObject("db", port, ruleName: "forward");

    [Fact]
    public async Task A_route_is_missing_then_not_accepted_then_in_step_when_its_gateway_accepts_it()
    {
        var missing = (await Openmcf("status", "-f", Route("db"))).Exits(5);
        Assert.StartsWith("tcproute.gateway.networking.k8s.io/db missing (namespace ", missing.Stdout, StringComparison.Ordinal);

        (await Openmcf("apply", "-f", Route("db"))).Exits(0);
        var pending = (await Openmcf("status", "-f", Route("db"))).Exits(5);
        Assert.Contains("db not accepted (namespace", pending.Stdout, StringComparison.Ordinal);
        Assert.Contains("  managers: openmcf (Apply)\n", pending.Stdout, StringComparison.Ordinal);
        Assert.Contains("no status from its controller yet", pending.Stdout, StringComparison.Ordinal);

        await Accept("db");
        var ok = (await Openmcf("status", "-f", Route("db"))).Exits(0);
        Assert.Contains("db in step (namespace", ok.Stdout, StringComparison.Ordinal);
        var accepted = $"  parent {Namespace}/my-gateway (listener tcp): Accepted, ResolvedRefs (by {Controller})";
        Assert.Contains(accepted, ok.Stdout, StringComparison.Ordinal);

        var json = JsonNode.Parse((await Openmcf("status", "-f", Route("db"), "-o", "json")).Exits(0).Stdout)![0]!;
        Assert.Equal("inStep", (string?)json["action"]);
        Assert.True((bool)json["exists"]!);
        Assert.Equal("openmcf", (string?)json["managers"]![0]!["manager"]);
        Assert.Empty(json["drift"]!.AsArray());
        Assert.True((bool)json["parents"]!["accepted"]!);
    }

    [Fact]
    public async Task A_value_another_manager_changed_and_a_field_another_manager_took_over_are_drift()
    {
        (await Openmcf("apply", "-f", Route("db"))).Exits(0);
        await Accept("db");

        await Change("db", Rules(6543), "someone-else");
        var changed = (await Openmcf("status", "-f", Route("db"))).Exits(5);
        Assert.Contains("db drifted (namespace", changed.Stdout, StringComparison.Ordinal);
        const string Port = "  drift spec.rules[0].backendRefs[0].port: the manifest says 5432, the cluster has 6543";
        Assert.Contains(Port, changed.Stdout, StringComparison.Ordinal);
        Assert.Contains("someone-else (Update)", changed.Stdout, StringComparison.Ordinal);

        // Put back by apply: in step again.
        (await Openmcf("apply", "-f", Route("db"), "--force-conflicts")).Exits(0);
        await Accept("db");
        (await Openmcf("status", "-f", Route("db"))).Exits(0);

        // Exactly as the manifest renders it, but applied by another tool: every value holds, none is openmcf's.
        var rendered = JsonNode.Parse((await Openmcf("apply", "-f", Route("other"), "--dry-run=client", "-o", "json")).Exits(0).Stdout)!;
        await Change("other", rendered.AsObject(), "platform-bot", apply: true);
        await Accept("other");
        var taken = (await Openmcf("status", "-f", Route("other"), "-o", "json")).Exits(5);
        var drift = JsonNode.Parse(taken.Stdout)![0]!["drift"]!.AsArray();
        Assert.Contains(drift, d => (string?)d!["path"] == "spec.rules[0].backendRefs[0].port"
            && ((string?)d["problem"])!.Contains("managed by platform-bot (Apply), not openmcf", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_sets_members_show_and_one_no_manifest_declares_is_not_in_step()
    {
        string[] Set(params string[] args) => [.. args, "--applyset", "routes", "--applyset-namespace", Namespace];
        var both = Manifest(File.ReadAllText(Route("kept")) + "\n---\n" + File.ReadAllText(Route("dropped")));
        (await Openmcf(Set("apply", "-f", both))).Exits(0);
        await Accept("kept");
        await Accept("dropped");

        // The set alone: its members are what is declared.
        var members = (await Openmcf(Set("status"))).Exits(0);
        Assert.Contains("2 routes: 2 in step", members.Stdout, StringComparison.Ordinal);

        var run = (await Openmcf(Set("status", "-f", Route("kept")))).Exits(5);
        Assert.Contains("kept in step", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("dropped not declared by any manifest (apply --prune would delete it)", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_prints_again_when_something_changes_and_ends_at_the_timeout()
    {
        (await Openmcf("apply", "-f", Route("db"))).Exits(0);
        var watching = Openmcf("status", "-f", Route("db"), "--watch", "--timeout", "8s");
        await Task.Delay(TimeSpan.FromSeconds(3), Token);
        Assert.False(watching.IsCompleted, "status --watch ended before its timeout");
        await Accept("db");

        var run = (await watching).Exits(0);
        var lines = run.Stdout.Split('\n').Where(l => l.StartsWith("tcproute.", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Contains("not accepted", lines[0], StringComparison.Ordinal);
        Assert.Contains("in step", lines[1], StringComparison.Ordinal);
    }
}
