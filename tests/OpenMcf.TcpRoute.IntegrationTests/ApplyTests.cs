using System.Text.Json.Nodes;
using OpenMcf.TcpRoute.IntegrationTests.Infrastructure;

namespace OpenMcf.TcpRoute.IntegrationTests;

/// <summary>openmcf apply against the real API server: created, unchanged, configured, conflicts, dry runs, outputs.</summary>
public class ApplyTests(ClusterFixture cluster) : ClusterTest(cluster)
{
    private const string Weighted = """
            - name: brokers
              backendRefs:
                - name: stable
                  port: 9092
                  weight: 90
                - name: canary
                  port: 9092
                  weight: 10
        """;

    [Fact]
    public async Task Apply_creates_the_route_and_prints_its_outputs()
    {
        var run = (await Openmcf("apply", "-f", Route("db"))).Exits(0);
        Assert.Equal($"tcproute.gateway.networking.k8s.io/db created (namespace {Namespace})\nrouteName: db\nnamespace: {Namespace}\n",
            run.Stdout);

        var live = await LiveRoute("db");
        Assert.NotNull(live);
        Assert.Equal("openmcf", (string?)live["metadata"]!["labels"]!["app.kubernetes.io/managed-by"]);
        Assert.Equal("postgres", (string?)live["spec"]!["rules"]![0]!["backendRefs"]![0]!["name"]);
        var managers = live["metadata"]!["managedFields"]!.AsArray().Select(m => (string?)m!["manager"]);
        Assert.Contains("openmcf", managers);
    }

    [Fact]
    public async Task Reapplying_the_same_manifest_is_unchanged()
    {
        var path = Route("db");
        (await Openmcf("apply", "-f", path)).Exits(0);
        var again = (await Openmcf("apply", "-f", path)).Exits(0);
        Assert.StartsWith($"tcproute.gateway.networking.k8s.io/db unchanged (namespace {Namespace})",
            again.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changing_a_weight_is_configured_and_reaches_the_live_object()
    {
        (await Openmcf("apply", "-f", Route("kafka", Weighted))).Exits(0);
        var run = (await Openmcf("apply", "-f", Route("kafka", Weighted.Replace("weight: 90", "weight: 80", StringComparison.Ordinal))))
            .Exits(0);
        Assert.StartsWith($"tcproute.gateway.networking.k8s.io/kafka configured", run.Stdout, StringComparison.Ordinal);
        var live = await LiveRoute("kafka");
        Assert.Equal(80, (int)live!["spec"]!["rules"]![0]!["backendRefs"]![0]!["weight"]!);
    }

    [Fact]
    public async Task Removing_a_rule_removes_it_from_the_live_object()
    {
        var two = DefaultRules + "\n" + """
                - name: replica
                  backendRefs:
                    - name: postgres-replica
                      port: 5432
            """;
        (await Openmcf("apply", "-f", Route("db", two))).Exits(0);
        Assert.Equal(2, (await LiveRoute("db"))!["spec"]!["rules"]!.AsArray().Count);

        (await Openmcf("apply", "-f", Route("db"))).Exits(0);
        var rules = (await LiveRoute("db"))!["spec"]!["rules"]!.AsArray();
        Assert.Equal(["forward"], rules.Select(r => (string?)r!["name"]));
    }

    [Fact]
    public async Task Conflict_with_another_field_manager_names_fields_and_owner_then_force_takes_over()
    {
        // Another team applied the same route first, with another port: it owns spec.rules.
        var theirs = (await Openmcf(
                "apply",
                "-f", Route("db", DefaultRules.Replace("5432", "6432", StringComparison.Ordinal)),
                "--field-manager", "other-team",
                "--skip-preflight"))
            .Exits(0);
        Assert.Contains("created", theirs.Stdout, StringComparison.Ordinal);

        var conflict = (await Openmcf("apply", "-f", Route("db"))).Exits(4);
        Assert.Contains("managed by another field manager", conflict.Stderr, StringComparison.Ordinal);
        Assert.Contains(".spec.rules (owned by \"other-team\")", conflict.Stderr, StringComparison.Ordinal);
        Assert.Contains("--force-conflicts", conflict.Stderr, StringComparison.Ordinal);
        Assert.Equal(6432, (int)(await LiveRoute("db"))!["spec"]!["rules"]![0]!["backendRefs"]![0]!["port"]!);

        var forced = (await Openmcf("apply", "-f", Route("db"), "--force-conflicts")).Exits(0);
        Assert.Contains("configured", forced.Stdout, StringComparison.Ordinal);
        Assert.Equal(5432, (int)(await LiveRoute("db"))!["spec"]!["rules"]![0]!["backendRefs"]![0]!["port"]!);
    }

    [Fact]
    public async Task Server_dry_run_validates_but_leaves_nothing_behind()
    {
        var run = (await Openmcf("apply", "-f", Route("db"), "--dry-run=server")).Exits(0);
        Assert.StartsWith($"tcproute.gateway.networking.k8s.io/db created (namespace {Namespace}) (server dry run)",
            run.Stdout, StringComparison.Ordinal);
        Assert.Null(await LiveRoute("db"));
    }

    [Fact]
    public async Task Json_output_has_one_object_per_manifest()
    {
        (await Openmcf("apply", "-f", Route("first"))).Exits(0);
        var run = (await Openmcf("apply", "-f", Route("first"), "-f", Route("second"), "-o", "json")).Exits(0);
        var results = JsonNode.Parse(run.Stdout)!.AsArray();
        Assert.Equal(["unchanged", "created"], results.Select(r => (string?)r!["action"]));
        var second = results[1]!;
        Assert.Equal("KubernetesTcpRoute", (string?)second["kind"]);
        Assert.Equal("second", (string?)second["name"]);
        Assert.Equal("gateway.networking.k8s.io/v1alpha2", (string?)second["apiVersion"]);
        Assert.Equal("second", (string?)second["outputs"]!["routeName"]);
        Assert.Equal(Namespace, (string?)second["outputs"]!["namespace"]);
    }

    [Fact]
    public async Task Yaml_output_lists_the_same_results()
    {
        var run = (await Openmcf("apply", "-f", Route("db"), "-o", "yaml")).Exits(0);
        Assert.Contains("action: created", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("routeName: db", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deprecation_warning_from_the_server_is_shown_on_stderr()
    {
        var run = (await Openmcf("apply", "-f", Route("db"))).Exits(0);
        Assert.Contains("warning: API server: The v1alpha2 version of TCPRoute has been deprecated", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("warning", run.Stdout, StringComparison.Ordinal);

        // With the way out, once however many routes fit it; a route v1 cannot hold gets none.
        var both = Manifest(File.ReadAllText(Route("a")) + "\n---\n" + File.ReadAllText(Route("b")));
        var hinted = (await Openmcf("apply", "-f", both, "--apply-unchanged")).Exits(0);
        const string Hint = "note: the cluster serves TCPRoute v1, and these routes fit it: --api-version v1";
        Assert.Single(hinted.Stderr.Split('\n'), l => l.StartsWith(Hint, StringComparison.Ordinal));
        var twoRules = Route("two", DefaultRules + "\n    - name: second\n      backendRefs: [{name: postgres, port: 5432}]");
        Assert.DoesNotContain(Hint, (await Openmcf("apply", "-f", twoRules)).Exits(0).Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_document_among_valid_ones_applies_nothing()
    {
        var bad = Route("bad", DefaultRules.Replace("5432", "0", StringComparison.Ordinal));
        (await Openmcf("apply", "-f", Route("good"), "-f", bad)).Exits(1);
        Assert.Null(await LiveRoute("good"));
    }

    [Fact]
    public async Task Missing_namespace_is_one_sentence_that_says_what_to_do()
    {
        var path = Manifest(
            File.ReadAllText(Route("db")).Replace($"value: {Namespace}", "value: no-such-namespace", StringComparison.Ordinal));
        var run = (await Openmcf("apply", "-f", path)).Exits(3);
        Assert.Contains("namespace \"no-such-namespace\" does not exist; create it first", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Namespace_from_a_KubernetesNamespace_manifest_and_set_overrides_reach_the_cluster()
    {
        var ns = Manifest(
            $"apiVersion: kubernetes.openmcf.org/v1\nkind: KubernetesNamespace\nmetadata:\n  name: team\nspec:\n  name: {Namespace}\n");
        var route = Manifest(
            File.ReadAllText(Route("db")).Replace($"    value: {Namespace}", "    valueFrom:\n      name: team", StringComparison.Ordinal));
        var run = (await Openmcf("apply", "-f", ns, "-f", route, "--set", "spec.rules[0].backendRefs[0].weight=7")).Exits(0);
        Assert.StartsWith($"tcproute.gateway.networking.k8s.io/db created (namespace {Namespace})", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(7, (int)(await LiveRoute("db"))!["spec"]!["rules"]![0]!["backendRefs"]![0]!["weight"]!);

        var missing = (await Openmcf("apply", "-f", route)).Exits(1);
        Assert.Contains("KubernetesNamespace \"team\", which is not among the inputs", missing.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Routes_sharing_a_namespace_are_judged_from_one_list_and_still_exactly()
    {
        // Several routes in one namespace: their state before the apply comes from one LIST.
        (await Openmcf("apply", "-f", Route("a", Weighted), "-f", Route("b", Weighted))).Exits(0);
        var changed = Route("a", Weighted.Replace("weight: 90", "weight: 70", StringComparison.Ordinal));
        var run = (await Openmcf("apply", "-f", changed, "-f", Route("b", Weighted), "-f", Route("c", Weighted), "-o", "json")).Exits(0);
        var actions = JsonNode.Parse(run.Stdout)!.AsArray().Select(r => $"{(string?)r!["name"]}={(string?)r["action"]}");
        Assert.Equal(["a=configured", "b=unchanged", "c=created"], actions);
    }
}
