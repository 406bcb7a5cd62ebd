using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using OpenMcf.TcpRoute.IntegrationTests.Infrastructure;
using OpenMcf.TcpRoute.Tests.Cli;

namespace OpenMcf.TcpRoute.IntegrationTests;

/// <summary>
/// A re-apply sends nothing for a route the cluster already holds as declared and owned by the
/// field manager, and sends the apply for every other case: each case against the real server,
/// the PATCHes counted from --verbose.
/// </summary>
public class ZeroWriteTests(ClusterFixture cluster) : ClusterTest(cluster)
{
    private static int Patches(CliRun run) => run.Stderr.Split('\n')
        .Count(l => l.StartsWith("verbose: PATCH ", StringComparison.Ordinal) && l.Contains("/tcproutes/", StringComparison.Ordinal));

    /// <summary>openmcf apply -v of the route, and how many apply PATCHes it sent.</summary>
    private async Task<(CliRun Run, int Patches)> Apply(string path, params string[] extra)
    {
        var run = await Openmcf(["apply", "-f", path, "--verbose", "--skip-preflight", .. extra]);
        return (run, Patches(run));
    }

    private Task Patch(string name, JsonObject body, V1Patch.PatchType type, string manager, bool force = false) =>
        PatchAs(manager, name, body, type, force);

    private static string Weighted(int? weight) => $"""
            - name: forward
              backendRefs:
                - name: postgres
                  port: 5432{(weight is null ? string.Empty : $"\n          weight: {weight}")}
        """;

    [Fact]
    public async Task An_unchanged_route_is_not_sent_alone_or_in_a_batch_nor_planned_with_a_dry_run()
    {
        (await Apply(Route("db"))).Run.Exits(0);
        var (again, patches) = await Apply(Route("db"));
        again.Exits(0);
        Assert.Equal(0, patches);
        Assert.Contains("db unchanged", again.Stdout, StringComparison.Ordinal);

        var batch = Manifest(
            string.Join("\n---\n", File.ReadAllText(Route("a")), File.ReadAllText(Route("b")), File.ReadAllText(Route("c"))));
        Assert.Equal(3, (await Apply(batch)).Patches);
        var (bulk, bulkPatches) = await Apply(batch);
        Assert.Equal(0, bulkPatches);
        Assert.Contains("3 routes: 3 unchanged", bulk.Stdout, StringComparison.Ordinal);

        var plan = (await Openmcf("plan", "-f", batch, "--verbose")).Exits(0);
        Assert.Equal(0, Patches(plan));

        // Asked for, every route is sent; a forced apply of an unchanged route is still nothing to send.
        Assert.Equal(3, (await Apply(batch, "--apply-unchanged")).Patches);
        Assert.Equal(0, (await Apply(batch, "--force-conflicts")).Patches);
    }

    [Fact]
    public async Task A_value_another_manager_forced_a_label_removed_or_another_field_manager_sends_the_apply()
    {
        (await Apply(Route("db"))).Run.Exits(0);

        // Another manager forces another port: the apply is sent, and conflicts (exit 4) until forced back.
        var other = TcpRouteObject("db", 6543, ruleName: "forward");
        await Patch("db", other, V1Patch.PatchType.ApplyPatch, "platform-bot", force: true);
        var (conflict, sent) = await Apply(Route("db"));
        conflict.Exits(4);
        Assert.Equal(1, sent);
        Assert.Equal(1, (await Apply(Route("db"), "--force-conflicts")).Patches);
        Assert.Equal(0, (await Apply(Route("db"))).Patches);

        // A label someone removed: sent, and put back.
        var removeLabel = new JsonObject
        {
            ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app.kubernetes.io/component"] = null } },
        };
        await Patch("db", removeLabel, V1Patch.PatchType.MergePatch, "someone");
        var (restored, restoredPatches) = await Apply(Route("db"));
        Assert.Equal(1, restoredPatches);
        Assert.Contains("db configured", restored.Stdout, StringComparison.Ordinal);
        Assert.Equal("tcproute", (string?)(await LiveRoute("db"))!["metadata"]!["labels"]!["app.kubernetes.io/component"]);

        // Another field manager name: sent (it owns nothing yet).
        Assert.Equal(1, (await Apply(Route("db"), "--field-manager", "ci-bot")).Patches);
    }

    [Fact]
    public async Task A_field_someone_else_added_is_not_ours_and_sends_nothing()
    {
        (await Apply(Route("db"))).Run.Exits(0);
        var addLabel = new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["team"] = "data" } } };
        await Patch("db", addLabel, V1Patch.PatchType.MergePatch, "someone");

        var (run, patches) = await Apply(Route("db"));
        Assert.Equal(0, patches);
        Assert.Contains("db unchanged", run.Stdout, StringComparison.Ordinal);
        Assert.Equal("data", (string?)(await LiveRoute("db"))!["metadata"]!["labels"]!["team"]);
    }

    [Fact]
    public async Task A_route_made_by_client_side_apply_or_last_applied_under_another_version_is_sent_once()
    {
        // Exactly as openmcf renders it, but created by an Update (as kubectl's client-side apply does).
        var rendered = JsonNode.Parse((await Openmcf("apply", "-f", Route("db"), "--dry-run=client", "-o", "json")).Exits(0).Stdout)!;
        await Admin.CustomObjects.CreateNamespacedCustomObjectAsync(
            rendered,
            GatewayApiCrds.Group,
            "v1alpha2",
            Namespace,
            "tcproutes",
            fieldManager: "kubectl-client-side-apply",
            cancellationToken: Token);
        Assert.Equal(1, (await Apply(Route("db"))).Patches);

        // An apply that changes nothing may leave the fields with their Update manager (Kubernetes 1.20 does: a no-op
        // apply is not recorded). Then the fields are still not openmcf's, and every apply is sent; once they are, none.
        var owned = (await LiveRoute("db"))!["metadata"]!["managedFields"]!.AsArray()
            .Any(e => (string?)e!["manager"] == "openmcf" && (string?)e["operation"] == "Apply");
        Assert.Equal(owned ? 0 : 1, (await Apply(Route("db"))).Patches);

        // Applied as v1 (a route with one rule fits it), then as v1alpha2: the fields are recorded under another version.
        if (await GatewayApiCrds.TcpRouteServedAsync(Admin, Token, "v1"))
        {
            (await Apply(Route("versions"), "--api-version", "v1")).Run.Exits(0);
            Assert.Equal(0, (await Apply(Route("versions"), "--api-version", "v1")).Patches);
            Assert.Equal(1, (await Apply(Route("versions"))).Patches);
            Assert.Equal(0, (await Apply(Route("versions"))).Patches);
        }
    }

    [Fact]
    public async Task A_field_an_earlier_apply_set_and_the_manifest_dropped_is_sent_and_goes_back_to_its_default()
    {
        (await Apply(Route("db", Weighted(5)))).Run.Exits(0);
        var (run, patches) = await Apply(Route("db", Weighted(null)));
        Assert.Equal(1, patches);
        Assert.Contains("db configured", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, (int?)(await LiveRoute("db"))!["spec"]!["rules"]![0]!["backendRefs"]![0]!["weight"]);
        Assert.Equal(0, (await Apply(Route("db", Weighted(null)))).Patches);
    }
}
