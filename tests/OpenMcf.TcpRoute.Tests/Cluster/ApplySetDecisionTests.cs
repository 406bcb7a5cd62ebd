using OpenMcf.TcpRoute.Cluster;
using OpenMcf.TcpRoute.Mapping;

namespace OpenMcf.TcpRoute.Tests.Cluster;

/// <summary>The set's rules without a server: its id, which parents may be used, the lease, and every rule of prune.</summary>
public class ApplySetDecisionTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    private static readonly ApplySet Set = new(SetParentKind.Secret, "routes", "app-ns");

    [Theory]
    // kubectl's own test vectors (staging/src/k8s.io/kubectl/pkg/cmd/apply/apply_test.go).
    [InlineData("my-set", "test", "applyset-0eFHV8ySqp7XoShsGvyWFQD3s96yqwHmzc4e0HR1dsY-v1")]
    [InlineData("simple", "test", "applyset-bjd1LnyQq0mtUu-riZCqjDQOmh0iNb9O2RcuT12WR0k-v1")]
    public void The_id_is_kubectls(string name, string ns, string id) =>
        Assert.Equal(id, new ApplySet(SetParentKind.Secret, name, ns).Id);

    [Theory]
    [InlineData("routes", "Secret app-ns/routes", null)]
    [InlineData("secrets/routes", "Secret app-ns/routes", null)]
    [InlineData("configmaps/routes", "ConfigMap app-ns/routes", null)]
    [InlineData("deployments/routes", null, "a Secret or a ConfigMap")]
    [InlineData("Routes_1", null, "not a valid Secret name")]
    public void The_flag_names_a_secret_or_a_configmap(string value, string? parent, string? problem)
    {
        var set = ApplySet.Parse(value, "app-ns", out var why);
        Assert.Equal(parent, set?.Parent);
        if (problem is null)
        {
            Assert.Null(why);
        }
        else
        {
            Assert.Contains(problem, why, StringComparison.Ordinal);
        }
    }

    public static TheoryData<string, string?, string?, string[], string?> Parents() => new()
    {
        // case, id label, tooling, group-kinds, refusal (null: usable)
        { "ours", Set.Id, "openmcf/v0.1.0", [ApplySet.GroupKind], null },
        { "ours, a newer openmcf", Set.Id, "openmcf/v9.0.0", [ApplySet.GroupKind], null },
        { "a plain secret", null, null, [], "is not an ApplySet parent" },
        { "another set's", "applyset-other-v1", "openmcf/v0.1.0", [ApplySet.GroupKind], "is the parent of another ApplySet" },
        { "kubectl's", Set.Id, "kubectl/v1.36.0", [ApplySet.GroupKind], "managed by \"kubectl\"" },
        { "no tooling", Set.Id, null, [ApplySet.GroupKind], "managed by an unnamed tool" },
        { "other kinds", Set.Id, "openmcf/v0.1.0", [ApplySet.GroupKind, "Deployment.apps"], "kinds openmcf does not manage" },
    };

    [Theory]
    [MemberData(nameof(Parents))]
    public void A_parent_is_used_only_when_it_is_this_sets_and_openmcfs(
        string name, string? id, string? tooling, string[] groupKinds, string? refusal)
    {
        var parent = new SetParent(true, id, tooling, groupKinds, ["app-ns"], null, "1");
        var why = parent.Refusal(Set);
        Assert.True(refusal is null ? why is null : why?.Contains(refusal, StringComparison.Ordinal) == true, $"{name}: {why}");
        Assert.Null(SetParent.Absent.Refusal(Set));
    }

    [Fact]
    public void A_lease_reads_back_and_lives_until_it_expires_or_its_process_on_this_machine_is_gone()
    {
        var lease = new SetLease("abc123", "ci-7/42", Now.AddMinutes(5));
        Assert.Equal(lease, SetLease.Parse(lease.ToString()));
        Assert.Null(SetLease.Parse("not a lease"));
        Assert.True(lease.IsLive(Now));
        Assert.False(lease.IsLive(Now.AddMinutes(5)));

        // This process holds it: live. A process of this machine that is gone: not.
        Assert.True(new SetLease("r", $"{Environment.MachineName}/{Environment.ProcessId}", Now.AddMinutes(5)).IsLive(Now));
        Assert.False(new SetLease("r", $"{Environment.MachineName}/{int.MaxValue}", Now.AddMinutes(5)).IsLive(Now));
    }

    private static IReadOnlyList<RouteRequest> Routes(params string[] names) =>
        RoutePreparation.Prepare(ManifestText.Validate(string.Join(
            "\n---\n",
            names.Select(n => ManifestText.Minimal.Replace("  name: route", $"  name: {n}", StringComparison.Ordinal))))).Requests;

    private static (RouteRunner Runner, InMemoryCluster Cluster) Runner()
    {
        var cluster = new InMemoryCluster();
        var clusters = new InMemoryClusters { ByContext = { [string.Empty] = cluster } };
        return (new RouteRunner(new RunSettings(new ConnectionSettings(null, null, TimeSpan.FromSeconds(5)), null, 4), clusters), cluster);
    }

    private static void Live(InMemoryCluster cluster, string name, string? partOf = null, string ns = "app-ns", string by = "openmcf") =>
        cluster.Routes[$"{ns}/{name}"] = InMemorySetStore.Member(name, ns, partOf, by);

    private static PruneSettings Delete(int? max = null, bool allowEmpty = false) => new(PruneMode.Delete, max, allowEmpty);

    [Fact]
    public async Task Prune_deletes_the_undeclared_members_of_this_set_and_nothing_else()
    {
        var (runner, cluster) = Runner();
        using (runner)
        {
            foreach (var name in new[] { "kept", "gone", "gone-too" })
            {
                Live(cluster, name, Set.Id);
            }

            Live(cluster, "by-hand");
            Live(cluster, "other-set", "applyset-other-v1");

            // The label copied onto a route (kubectl get -o yaml | kubectl apply): not openmcf's apply, so not deleted.
            Live(cluster, "copied", Set.Id, by: "kubectl-client-side-apply");
            var requests = Routes("kept");
            var holds = await runner.TakeSetAsync(Set, requests, write: true, Now, Token);
            var report = await runner.PruneAsync(holds, Delete(), Token);

            Assert.True(report.Complete);
            Assert.Equal(["app-ns/gone", "app-ns/gone-too"], report.Routes.Select(r => r.Route.ToString()));
            Assert.Equal(["app-ns/copied"], report.NotApplied.Select(r => r.ToString()));
            Assert.Equal(
                ["app-ns/by-hand", "app-ns/copied", "app-ns/kept", "app-ns/other-set"], cluster.Routes.Keys.Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task A_listing_that_fails_anywhere_prunes_nothing_anywhere()
    {
        var (runner, cluster) = Runner();
        using (runner)
        {
            Live(cluster, "gone", Set.Id);
            Live(cluster, "far", Set.Id, ns: "far-ns");
            cluster.SetStore.FailingLists["far-ns"] = new ClusterError(ClusterErrorKind.Forbidden, "may not list tcproutes in far-ns");
            cluster.SetStore.Parents["app-ns/routes"] =
                new SetParent(true, Set.Id, "openmcf/v0", [ApplySet.GroupKind], ["app-ns", "far-ns"], null, "7");

            var holds = await runner.TakeSetAsync(Set, Routes("kept"), write: true, Now, Token);
            var report = await runner.PruneAsync(holds, Delete(), Token);

            Assert.Equal("may not list tcproutes in far-ns", Assert.Single(report.Errors).Message);
            Assert.Empty(report.Routes);
            Assert.Empty(cluster.SetStore.Deleted);
        }
    }

    [Theory]
    [InlineData(1, true, "2 routes would be pruned, more than --max-deletions 1")]
    [InlineData(2, false, null)]
    public async Task Max_deletions_stops_prune_before_any_deletion(int max, bool heldBack, string? why)
    {
        var (runner, cluster) = Runner();
        using (runner)
        {
            Live(cluster, "a", Set.Id);
            Live(cluster, "b", Set.Id);
            var holds = await runner.TakeSetAsync(Set, Routes("kept"), write: true, Now, Token);
            var report = await runner.PruneAsync(holds, Delete(max), Token);

            Assert.Equal(heldBack, report.HeldBack is not null);
            Assert.True(why is null || report.HeldBack!.Contains(why, StringComparison.Ordinal), report.HeldBack);
            Assert.Equal(heldBack ? 0 : 2, cluster.SetStore.Deleted.Count);
        }
    }

    [Fact]
    public async Task No_routes_declared_prune_nothing_unless_allowed()
    {
        var (runner, cluster) = Runner();
        using (runner)
        {
            Live(cluster, "a", Set.Id);
            var holds = await runner.TakeSetAsync(Set, [], write: true, Now, Token);
            var refused = await runner.PruneAsync(holds, Delete(), Token);
            Assert.Contains("--prune-allow-empty", refused.HeldBack, StringComparison.Ordinal);
            Assert.Empty(cluster.SetStore.Deleted);

            var allowed = await runner.PruneAsync(holds, Delete(allowEmpty: true), Token);
            Assert.Equal(["app-ns/a"], allowed.Routes.Select(r => r.Route.ToString()));
        }
    }

    [Fact]
    public async Task A_set_another_run_holds_is_not_taken_and_one_it_took_meanwhile_is_not_pruned()
    {
        var (runner, cluster) = Runner();
        using (runner)
        {
            Live(cluster, "gone", Set.Id);
            var store = cluster.SetStore;
            store.Parents["app-ns/routes"] = new SetParent(
                true, Set.Id, "openmcf/v0", [ApplySet.GroupKind], ["app-ns"], new SetLease("theirs", "ci-9/1", Now.AddMinutes(1)), "3");
            var busy = Assert.Single(await runner.TakeSetAsync(Set, Routes("kept"), write: true, Now, Token));
            Assert.Equal(ClusterErrorKind.SetBusy, busy.Error?.Kind);
            Assert.Contains("held by another openmcf run (theirs on ci-9/1)", busy.Error!.Message, StringComparison.Ordinal);

            // Expired: taken. Then another run writes the parent before this one prunes: nothing is deleted.
            var later = Now.AddMinutes(2);
            var holds = await runner.TakeSetAsync(Set, Routes("kept"), write: true, later, Token);
            Assert.Null(Assert.Single(holds).Error);
            store.BeforeWrite = _ => store.Parents["app-ns/routes"] = store.Parents["app-ns/routes"] with { ResourceVersion = "other" };
            var report = await runner.PruneAsync(holds, Delete(), Token);
            Assert.Equal(ClusterErrorKind.SetBusy, Assert.Single(report.Errors).Kind);
            Assert.Contains("nothing was pruned", report.Errors[0].Message, StringComparison.Ordinal);
            Assert.Empty(store.Deleted);
        }
    }

    [Fact]
    public async Task Release_gives_the_lease_up_and_shrinks_the_namespaces_only_after_a_complete_prune()
    {
        var (runner, cluster) = Runner();
        using (runner)
        {
            cluster.SetStore.Parents["app-ns/routes"] =
                new SetParent(true, Set.Id, "openmcf/v0", [ApplySet.GroupKind], ["app-ns", "old-ns"], null, "5");
            var holds = await runner.TakeSetAsync(Set, Routes("kept"), write: true, Now, Token);
            Assert.True(cluster.SetStore.Parents["app-ns/routes"].Lease!.IsLive(Now));

            Assert.Empty(await runner.ReleaseSetAsync(holds, shrink: false, Now, Token));
            var kept = cluster.SetStore.Parents["app-ns/routes"];
            Assert.False(kept.Lease!.IsLive(Now));
            Assert.Equal(["app-ns", "old-ns"], kept.Namespaces);

            holds = await runner.TakeSetAsync(Set, Routes("kept"), write: true, Now, Token);
            Assert.Empty(await runner.ReleaseSetAsync(holds, shrink: true, Now, Token));
            Assert.Equal(["app-ns"], cluster.SetStore.Parents["app-ns/routes"].Namespaces);
        }
    }
}
