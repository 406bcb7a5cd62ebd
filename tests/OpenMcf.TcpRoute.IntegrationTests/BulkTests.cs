using System.Diagnostics;
using System.Text.Json.Nodes;
using k8s;
using OpenMcf.TcpRoute.Cluster;
using OpenMcf.TcpRoute.IntegrationTests.Infrastructure;
using OpenMcf.TcpRoute.Manifests;
using OpenMcf.TcpRoute.Mapping;
using OpenMcf.TcpRoute.Validation;

namespace OpenMcf.TcpRoute.IntegrationTests;

/// <summary>Hundreds of routes from one directory: validated first, applied concurrently, every result listed, one summary.</summary>
public class BulkTests(ClusterFixture cluster) : ClusterTest(cluster)
{
    private string Directory200(Func<int, string> namespaceOf)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"openmcf-bulk-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        for (var i = 0; i < 200; i++)
        {
            File.WriteAllText(
                Path.Combine(dir, $"route-{i:D3}.yaml"),
                File.ReadAllText(Route($"route-{i:D3}"))
                    .Replace($"value: {Namespace}", $"value: {namespaceOf(i)}", StringComparison.Ordinal));
        }

        return dir;
    }

    [Fact]
    public async Task Two_hundred_routes_with_a_few_bad_ones_apply_the_rest_and_summarise()
    {
        var dir = Directory200(i => i % 40 == 7 ? "no-such-namespace" : Namespace);
        try
        {
            var clock = Stopwatch.StartNew();
            var run = (await Openmcf("apply", "-f", dir, "--skip-preflight")).Exits(3);
            clock.Stop();
            var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("200 routes: 195 created, 5 failed", lines[^1]);
            Assert.Equal(200, lines.Count(l => l.StartsWith("tcproute.gateway.networking.k8s.io/", StringComparison.Ordinal)));
            Assert.Contains("namespace \"no-such-namespace\" does not exist", run.Stderr, StringComparison.Ordinal);
            Assert.Contains("(5 routes: route-007, route-047, route-087, route-127, route-167)", run.Stderr, StringComparison.Ordinal);

            var list = await Admin.CustomObjects.ListNamespacedCustomObjectAsync(
                GatewayApiCrds.Group, "v1alpha2", Namespace, "tcproutes", cancellationToken: Token);
            Assert.Equal(195, JsonNode.Parse(KubernetesJson.Serialize(list))!["items"]!.AsArray().Count);
            TestContext.Current.SendDiagnosticMessage($"200 routes applied in {clock.Elapsed.TotalSeconds:0.00} s");

            var again = (await Openmcf("apply", "-f", dir, "--skip-preflight", "-o", "json")).Exits(3);
            var actions = JsonNode.Parse(again.Stdout)!
                .AsArray()
                .GroupBy(r => (string?)r!["action"])
                .ToDictionary(g => g.Key!, g => g.Count());
            Assert.Equal(new Dictionary<string, int> { ["unchanged"] = 195, ["failed"] = 5 }, actions);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task A_stale_bulk_snapshot_is_corrected_by_what_the_apply_answers()
    {
        // The bulk LIST comes from the API server's watch cache, which can trail etcd by moments.
        var batch = ValidatedBatch.From(ManifestReader.Read("stale.yaml", new StringReader(File.ReadAllText(Route("db")))));
        var request = Assert.Single(RoutePreparation.Prepare(batch).Requests);
        var route = TcpRouteMapper.Map(request.Manifest, request.Namespace, "v1alpha2");
        using var connection = ClusterConnection.Open(new ConnectionSettings(Cluster.Kubeconfig, null, TimeSpan.FromSeconds(30)), null);
        var applier = new ServerSideApplier(
            connection, new ApplySettings(ApplySettings.DefaultFieldManager, ForceConflicts: false, ServerDryRun: false));

        // The snapshot still shows a route that is gone: the apply creates it, and says so.
        var ghost = new JsonObject { ["metadata"] = new JsonObject { ["name"] = "db" } };
        var created = await applier.ApplyAsync(route, Token, new KnownState(ghost));
        Assert.Null(created.Error);
        Assert.Equal(ApplyAction.Created, created.Value?.Action);

        // The snapshot misses a route that exists: not "created", since the server did not create it.
        var existing = await applier.ApplyAsync(route, Token, new KnownState(null));
        Assert.Null(existing.Error);
        Assert.Equal(ApplyAction.Configured, existing.Value?.Action);
        Assert.Empty(existing.Value!.Changes);

        // A fresh snapshot: unchanged.
        var again = await applier.ApplyAsync(route, Token, new KnownState(await LiveRoute("db")));
        Assert.Equal(ApplyAction.Unchanged, again.Value?.Action);
    }

    [Fact]
    public async Task Preflight_over_two_hundred_routes_blocks_everything_when_some_are_bad()
    {
        var dir = Directory200(i => i == 150 ? "no-such-namespace" : Namespace);
        try
        {
            var run = (await Openmcf("apply", "-f", dir)).Exits(3);
            Assert.Contains("route-150.yaml", run.Stderr, StringComparison.Ordinal);
            Assert.Contains("nothing was applied", run.Stderr, StringComparison.Ordinal);
            Assert.Null(await LiveRoute("route-000"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
