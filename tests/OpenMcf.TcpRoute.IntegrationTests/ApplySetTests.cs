using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using OpenMcf.TcpRoute.Cluster;
using OpenMcf.TcpRoute.IntegrationTests.Infrastructure;
using OpenMcf.TcpRoute.Tests.Cli;

namespace OpenMcf.TcpRoute.IntegrationTests;

/// <summary>
/// apply --prune --applyset, plan, --dry-run=server and destroy --applyset against the real server:
/// the set recorded as kubectl's ApplySet, and every safety rule of prune.
/// </summary>
public class ApplySetTests(ClusterFixture cluster) : ClusterTest(cluster)
{
    private const string SetName = "tcp-routes";

    private readonly List<string> _directories = [];

    private ApplySet Set => new(SetParentKind.Secret, SetName, Namespace);

    /// <summary>openmcf with the test's set (parent in the test's namespace).</summary>
    private Task<CliRun> WithSet(params string[] args) =>
        Openmcf([.. args, "--applyset", SetName, "--applyset-namespace", Namespace]);

    /// <summary>A directory holding one manifest per route name.</summary>
    private string Directory(params string[] names)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"openmcf-set-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(dir);
        _directories.Add(dir);
        foreach (var name in names)
        {
            File.Copy(Route(name), Path.Combine(dir, $"{name}.yaml"));
        }

        return dir;
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var dir in _directories)
        {
            System.IO.Directory.Delete(dir, recursive: true);
        }

        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    private async Task<string[]> LiveNames(string? ns = null)
    {
        var list = await Admin.CustomObjects.ListNamespacedCustomObjectAsync(
            GatewayApiCrds.Group, "v1alpha2", ns ?? Namespace, "tcproutes", cancellationToken: Token);
        return [.. JsonNode.Parse(KubernetesJson.Serialize(list))!["items"]!.AsArray()
            .Select(i => (string)i!["metadata"]!["name"]!).Order(StringComparer.Ordinal)];
    }

    /// <summary>The members as kubectl finds them: TCPRoutes selected by the set's part-of label.</summary>
    private async Task<string[]> MemberNames(string? ns = null)
    {
        var list = await Admin.CustomObjects.ListNamespacedCustomObjectAsync(
            GatewayApiCrds.Group,
            "v1alpha2",
            ns ?? Namespace,
            "tcproutes",
            labelSelector: $"{ApplySet.PartOfLabel}={Set.Id}",
            cancellationToken: Token);
        return [.. JsonNode.Parse(KubernetesJson.Serialize(list))!["items"]!.AsArray()
            .Select(i => (string)i!["metadata"]!["name"]!).Order(StringComparer.Ordinal)];
    }

    private async Task<V1Secret?> Parent()
    {
        try
        {
            return await Admin.CoreV1.ReadNamespacedSecretAsync(SetName, Namespace, cancellationToken: Token);
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>A route made by hand (kubectl apply, say): no set's label.</summary>
    private Task ByHand(string name, string? partOf = null) =>
        CreateObject("tcproutes", TcpRouteObject(name, partOf: partOf), "v1alpha2");

    [Fact]
    public async Task The_set_is_recorded_as_kubectl_records_an_ApplySet_and_prune_deletes_only_its_undeclared_members()
    {
        var dir = Directory("alpha", "beta", "gamma");
        (await WithSet("apply", "-f", dir, "--prune")).Exits(0);

        // The parent as KEP-3659 has it: the id label, the tooling, the group-kinds, the namespaces.
        var parent = Assert.IsType<V1Secret>(await Parent());
        Assert.Equal(Set.Id, parent.Metadata.Labels[ApplySet.IdLabel]);
        Assert.Equal("applyset-", Set.Id[..9]);
        Assert.StartsWith("openmcf/v", parent.Metadata.Annotations[ApplySet.ToolingAnnotation], StringComparison.Ordinal);
        Assert.Equal("TCPRoute.gateway.networking.k8s.io", parent.Metadata.Annotations[ApplySet.GroupKindsAnnotation]);
        Assert.Equal(string.Empty, parent.Metadata.Annotations[ApplySet.AdditionalNamespacesAnnotation]);
        Assert.Equal(["alpha", "beta", "gamma"], await MemberNames());

        // Beside the set: a route made by hand, one of another set, and one claiming a set id it has no parent for.
        await ByHand("by-hand");
        (await Openmcf("apply", "-f", Route("other-set-route"), "--applyset", "other", "--applyset-namespace", Namespace)).Exits(0);
        await ByHand("forged", partOf: "applyset-not-this-one-v1");

        // This set's label on a route openmcf did not apply (copied with kubectl get -o yaml, say): kept, and said.
        await ByHand("copied", partOf: Set.Id);

        File.Delete(Path.Combine(dir, "gamma.yaml"));
        var run = (await WithSet("apply", "-f", dir, "--prune")).Exits(0);
        Assert.Contains("tcproute.gateway.networking.k8s.io/gamma pruned (namespace ", run.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("3 routes: 2 unchanged, 1 pruned\n", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(["alpha", "beta", "by-hand", "copied", "forged", "other-set-route"], await LiveNames());
        Assert.Equal(["alpha", "beta", "copied"], await MemberNames());
        const string Kept = "copied carries the set's label, but no apply of this field manager put it there; it was not deleted";
        Assert.Contains(Kept, run.Stderr, StringComparison.Ordinal);

        var json = (await WithSet("apply", "-f", dir, "--prune", "-o", "json")).Exits(0);
        Assert.All(JsonNode.Parse(json.Stdout)!.AsArray(), r => Assert.Equal("unchanged", (string?)r!["action"]));
    }

    [Fact]
    public async Task Nothing_is_pruned_when_an_input_is_invalid_or_any_apply_fails()
    {
        var dir = Directory("alpha", "beta");
        (await WithSet("apply", "-f", dir, "--prune")).Exits(0);
        File.Delete(Path.Combine(dir, "beta.yaml"));

        File.WriteAllText(Path.Combine(dir, "broken.yaml"), File.ReadAllText(Route("broken")).Replace("port: 5432", "port: 99999"));
        var invalid = (await WithSet("apply", "-f", dir, "--prune")).Exits(1);
        Assert.Contains("nothing was applied", invalid.Stderr, StringComparison.Ordinal);
        Assert.Equal(["alpha", "beta"], await MemberNames());

        // A route whose namespace does not exist fails to apply: the others apply, nothing is pruned.
        File.WriteAllText(
            Path.Combine(dir, "broken.yaml"),
            File.ReadAllText(Route("elsewhere")).Replace($"value: {Namespace}", "value: no-such-ns-here"));
        var failed = (await WithSet("apply", "-f", dir, "--prune", "--skip-preflight")).Exits(3);
        Assert.Contains("nothing was pruned: 1 route failed to apply", failed.Stderr, StringComparison.Ordinal);
        Assert.Equal(["alpha", "beta"], await MemberNames());
    }

    [Fact]
    public async Task No_routes_prune_nothing_unless_allowed_and_max_deletions_stops_before_any_deletion()
    {
        var dir = Directory("alpha", "beta", "gamma");
        (await WithSet("apply", "-f", dir, "--prune")).Exits(0);
        var emptyDirectory = Directory();

        // A directory without manifests (a forgotten -R?) is an error even with --prune-allow-empty; a file with none is
        // what "no routes, meant" looks like.
        var refused = (await WithSet("apply", "-f", emptyDirectory, "--prune", "--prune-allow-empty")).Exits(1);
        Assert.Contains("no *.yaml or *.yml files", refused.Stderr, StringComparison.Ordinal);
        var empty = Manifest("# no routes any more\n");
        var notAllowed = (await WithSet("apply", "-f", empty, "--prune")).Exits(1);
        Assert.Contains("no manifests found", notAllowed.Stderr, StringComparison.Ordinal);
        var nothing = (await WithSet("apply", "-f", empty, "--prune", "--prune-allow-empty", "--max-deletions", "2")).Exits(7);
        Assert.Contains(
            "3 routes would be pruned, more than --max-deletions 2; nothing was pruned", nothing.Stderr, StringComparison.Ordinal);
        Assert.Equal(["alpha", "beta", "gamma"], await MemberNames());

        var all = (await WithSet("apply", "-f", empty, "--prune", "--prune-allow-empty", "--max-deletions", "3")).Exits(0);
        Assert.EndsWith("3 routes: 3 pruned\n", all.Stdout, StringComparison.Ordinal);
        Assert.Empty(await LiveNames());
    }

    [Fact]
    public async Task Plan_and_a_server_dry_run_show_what_prune_would_delete_and_delete_nothing()
    {
        var dir = Directory("alpha", "beta");
        (await WithSet("apply", "-f", dir, "--prune")).Exits(0);
        File.Delete(Path.Combine(dir, "beta.yaml"));

        var plan = (await WithSet("plan", "-f", dir, "--prune")).Exits(6);
        Assert.Contains("tcproute.gateway.networking.k8s.io/beta would be deleted (namespace ", plan.Stdout, StringComparison.Ordinal);
        var planJson = (await WithSet("plan", "-f", dir, "--prune", "-o", "json")).Exits(6);
        Assert.Equal(["none", "delete"], JsonNode.Parse(planJson.Stdout)!.AsArray().Select(r => (string?)r!["action"]));

        var dryRun = (await WithSet("apply", "-f", dir, "--prune", "--dry-run=server")).Exits(0);
        Assert.Contains("/beta would be deleted (namespace " + Namespace + ") (server dry run)", dryRun.Stdout, StringComparison.Ordinal);
        Assert.Equal(["alpha", "beta"], await MemberNames());

        // Without --prune, plan says nothing of deletions and a set in step plans clean.
        (await WithSet("plan", "-f", dir)).Exits(0);
        (await WithSet("apply", "-f", dir, "--prune")).Exits(0);
        (await WithSet("plan", "-f", dir, "--prune")).Exits(0);
    }

    [Fact]
    public async Task Members_in_several_namespaces_are_recorded_on_the_parent_and_pruned_there()
    {
        var second = $"{Namespace}-b";
        await Admin.CoreV1.CreateNamespaceAsync(
            new V1Namespace { Metadata = new V1ObjectMeta { Name = second } }, cancellationToken: Token);
        try
        {
            var dir = Directory("here");
            File.WriteAllText(
                Path.Combine(dir, "there.yaml"),
                File.ReadAllText(Route("there")).Replace($"value: {Namespace}", $"value: {second}"));
            (await WithSet("apply", "-f", dir, "--prune", "--skip-preflight")).Exits(0);
            Assert.Equal(second, (await Parent())!.Metadata.Annotations[ApplySet.AdditionalNamespacesAnnotation]);
            Assert.Equal(["there"], await MemberNames(second));

            File.Delete(Path.Combine(dir, "there.yaml"));
            var run = (await WithSet("apply", "-f", dir, "--prune")).Exits(0);
            Assert.Contains($"/there pruned (namespace {second})", run.Stdout, StringComparison.Ordinal);
            Assert.Empty(await LiveNames(second));

            // A prune that left nothing elsewhere records just the parent's own namespace again.
            Assert.Equal(string.Empty, (await Parent())!.Metadata.Annotations[ApplySet.AdditionalNamespacesAnnotation]);
        }
        finally
        {
            await Admin.CustomObjects.DeleteCollectionNamespacedCustomObjectAsync(
                GatewayApiCrds.Group, "v1alpha2", second, "tcproutes", cancellationToken: CancellationToken.None);
            await Admin.CoreV1.DeleteNamespaceAsync(second, cancellationToken: CancellationToken.None);
        }
    }

    [Fact]
    public async Task Destroy_applyset_removes_every_member_and_then_the_parent()
    {
        (await WithSet("apply", "-f", Directory("alpha", "beta", "gamma"))).Exits(0);
        await ByHand("by-hand");

        var dryRun = (await WithSet("destroy", "--dry-run=server")).Exits(0);
        Assert.Contains("3 routes: 3 deleted", dryRun.Stdout, StringComparison.Ordinal);
        Assert.Equal(["alpha", "beta", "gamma"], await MemberNames());

        var run = (await WithSet("destroy")).Exits(0);
        Assert.EndsWith("3 routes: 3 deleted\n", run.Stdout, StringComparison.Ordinal);
        Assert.Contains($"the set's parent Secret {Namespace}/{SetName} deleted", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(["by-hand"], await LiveNames());
        Assert.Null(await Parent());

        (await Openmcf("destroy")).Exits(2);

        // A set that is not there (a typo, or destroyed already): nothing is looked for, nothing is made.
        var none = (await Openmcf("destroy", "--applyset", "no-such-set", "--applyset-namespace", Namespace)).Exits(0);
        Assert.Contains("there is no set no-such-set", none.Stderr, StringComparison.Ordinal);
        await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(
            () => Admin.CoreV1.ReadNamespacedSecretAsync("no-such-set", Namespace, cancellationToken: Token));
    }

    [Fact]
    public async Task Destroy_with_a_set_it_may_not_take_deletes_nothing_not_even_the_manifests_routes()
    {
        (await Openmcf("apply", "-f", Route("alpha"))).Exits(0);
        await Admin.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret { Metadata = new V1ObjectMeta { Name = "plain" } }, Namespace, cancellationToken: Token);
        var run = (await Openmcf("destroy", "-f", Route("alpha"), "--applyset", "plain", "--applyset-namespace", Namespace)).Exits(3);
        Assert.Contains("is not an ApplySet parent", run.Stderr, StringComparison.Ordinal);
        Assert.NotNull(await LiveRoute("alpha"));
    }

    [Fact]
    public async Task A_member_deleted_on_conditions_is_kept_when_it_changed_after_it_was_listed()
    {
        (await WithSet("apply", "-f", Route("alpha"))).Exits(0);
        using var connection = ClusterConnection.Open(new ConnectionSettings(Cluster.Kubeconfig, null, TimeSpan.FromSeconds(30)), null);
        var store = new KubernetesSetStore(connection);
        var listed = Assert.Single((await store.ListMembersAsync("v1alpha2", Namespace, Set.Id, Token)).Value!);
        Assert.Equal(["openmcf"], listed.LabelAppliers);

        // Changed after the listing (here: its status written, as a controller does): the delete is refused.
        await WriteStatus("alpha", Parent((long)(await LiveRoute("alpha"))!["metadata"]!["generation"]!, AllGood));
        var refused = await store.DeleteMemberAsync("v1alpha2", listed, dryRun: false, Token);
        Assert.Equal(ClusterErrorKind.Changed, refused.Error?.Kind);
        Assert.NotNull(await LiveRoute("alpha"));

        // Listed again, it goes.
        var again = Assert.Single((await store.ListMembersAsync("v1alpha2", Namespace, Set.Id, Token)).Value!);
        Assert.Equal(DestroyAction.Deleted, (await store.DeleteMemberAsync("v1alpha2", again, dryRun: false, Token)).Value?.Action);
        Assert.Null(await LiveRoute("alpha"));
    }

    [Fact]
    public async Task A_secret_that_is_not_the_sets_parent_or_is_another_tools_is_never_taken_over()
    {
        await Admin.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret { Metadata = new V1ObjectMeta { Name = "plain" } }, Namespace, cancellationToken: Token);
        var plain = (await Openmcf("apply", "-f", Route("alpha"), "--applyset", "plain", "--applyset-namespace", Namespace)).Exits(3);
        Assert.Contains($"Secret {Namespace}/plain exists and is not an ApplySet parent", plain.Stderr, StringComparison.Ordinal);
        Assert.Null(await LiveRoute("alpha"));

        var kubectls = new ApplySet(SetParentKind.Secret, "kubectls", Namespace);
        await Admin.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret
            {
                Metadata = new V1ObjectMeta
                {
                    Name = "kubectls",
                    Labels = new Dictionary<string, string> { [ApplySet.IdLabel] = kubectls.Id },
                    Annotations = new Dictionary<string, string>
                    {
                        [ApplySet.ToolingAnnotation] = "kubectl/v1.36.0",
                        [ApplySet.GroupKindsAnnotation] = "TCPRoute.gateway.networking.k8s.io",
                    },
                },
            },
            Namespace,
            cancellationToken: Token);
        var other = (await Openmcf(
            "apply", "-f", Route("alpha"), "--prune", "--applyset", "kubectls", "--applyset-namespace", Namespace)).Exits(3);
        Assert.Contains("managed by \"kubectl\", not openmcf", other.Stderr, StringComparison.Ordinal);
        Assert.Null(await LiveRoute("alpha"));
    }

    [Fact]
    public async Task A_set_another_run_holds_is_left_alone_and_two_runs_at_once_lose_no_declared_route()
    {
        var dir = Directory("alpha", "beta", "stale");
        (await WithSet("apply", "-f", dir, "--prune")).Exits(0);
        File.Delete(Path.Combine(dir, "stale.yaml"));

        // Another machine's run holds the set: nothing is applied, and the message names it.
        var parent = (await Parent())!;
        var lease = new SetLease("feedbeef", "ci-runner-7/4242", DateTimeOffset.UtcNow.AddMinutes(3));
        parent.Metadata.Annotations[ApplySet.LeaseAnnotation] = lease.ToString();
        await Admin.CoreV1.ReplaceNamespacedSecretAsync(parent, SetName, Namespace, cancellationToken: Token);
        var held = (await WithSet("apply", "-f", Route("gamma"), "--prune")).Exits(7);
        Assert.Contains("is held by another openmcf run (feedbeef on ci-runner-7/4242)", held.Stderr, StringComparison.Ordinal);
        Assert.Null(await LiveRoute("gamma"));
        parent = (await Parent())!;
        parent.Metadata.Annotations[ApplySet.LeaseAnnotation] = (lease with { Expires = DateTimeOffset.UtcNow.AddMinutes(-1) }).ToString();
        await Admin.CoreV1.ReplaceNamespacedSecretAsync(parent, SetName, Namespace, cancellationToken: Token);

        // Two runs of the same directory at once: each ends in step or held back, never with a declared route gone.
        var runs = await Task.WhenAll(
            Enumerable.Range(0, 2).Select(_ => Task.Run(() => WithSet("apply", "-f", dir, "--prune"), Token)));
        foreach (var run in runs)
        {
            Assert.True(run.ExitCode is 0 or 7, $"exit {run.ExitCode}\n{run.Stdout}\n{run.Stderr}");
            if (run.ExitCode == 7)
            {
                Assert.Contains("is held by another openmcf run", run.Stderr, StringComparison.Ordinal);
                Assert.Contains("nothing was applied", run.Stderr, StringComparison.Ordinal);
            }
        }

        Assert.Contains(runs, r => r.ExitCode == 0);
        Assert.Equal(["alpha", "beta"], await MemberNames());

        // Two processes declaring different routes at once: whatever the order, the set ends as one of the two
        // declarations, whole; never with a route of the one that won lost to the other's prune.
        var first = Directory("alpha", "beta");
        var second = Directory("alpha", "gamma");
        string[] Args(string dir) =>
            ["apply", "-f", dir, "--prune", "--applyset", SetName, "--applyset-namespace", Namespace, "--kubeconfig", Cluster.Kubeconfig];
        var both = await Task.WhenAll(OpenmcfProcess.RunAsync(Token, Args(first)), OpenmcfProcess.RunAsync(Token, Args(second)));
        Assert.All(both, r => Assert.True(r.ExitCode is 0 or 7, $"exit {r.ExitCode}\n{r.Stdout}\n{r.Stderr}"));
        var final = await MemberNames();
        Assert.True(
            final.SequenceEqual(["alpha", "beta"]) || final.SequenceEqual(["alpha", "gamma"]),
            $"members {string.Join(", ", final)} after exits {both[0].ExitCode} and {both[1].ExitCode}");
        Assert.False(
            (await Parent())!.Metadata.Annotations[ApplySet.LeaseAnnotation] is { } last
            && SetLease.Parse(last)!.IsLive(DateTimeOffset.UtcNow));
    }
}
