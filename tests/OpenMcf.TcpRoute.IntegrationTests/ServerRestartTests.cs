using System.Diagnostics;
using System.Text.Json.Nodes;
using k8s;
using OpenMcf.TcpRoute.IntegrationTests.Infrastructure;

namespace OpenMcf.TcpRoute.IntegrationTests;

/// <summary>Tests that stop the API server itself: they run alone, after all other tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ApiServerRestart
{
    public const string Name = "API server killed and restarted (serial)";
}

/// <summary>
/// The API server is killed (kill -9) in the middle of a bulk apply of 200 routes and started
/// again: the run ends with a summary and exit 3, and the same command run again leaves every
/// route exactly as its manifest says.
/// </summary>
[Collection(ApiServerRestart.Name)]
public class ServerRestartTests(ClusterFixture cluster) : ClusterTest(cluster)
{
    private const int Routes = 200;

    private string WriteRoutes(string dir, Func<int, string> rules)
    {
        Directory.CreateDirectory(dir);
        for (var i = 0; i < Routes; i++)
        {
            File.WriteAllText(Path.Combine(dir, $"route-{i:D3}.yaml"), File.ReadAllText(Route($"route-{i:D3}", rules(i))));
        }

        return dir;
    }

    private static string OneBackend(int i) => $"""
            - name: forward
              backendRefs:
                - name: postgres
                  port: {5000 + i}
        """;

    // The older version that half of the routes have before the run: two backends, another port.
    private static string TwoBackends(int i) => $"""
            - name: forward
              backendRefs:
                - name: postgres
                  port: {7000 + i}
                  weight: 3
                - name: postgres-replica
                  port: 5432
                  weight: 1
        """;

    [Fact]
    public async Task Api_server_killed_during_a_bulk_apply_then_the_same_command_again_leaves_every_route_as_its_manifest_says()
    {
        if (Cluster.RestartApiServer is null)
        {
            if (ClusterFixture.InCi)
            {
                Assert.Fail($"the {Cluster.Provider} provider cannot restart its API server (CI=true: a cluster test may not skip)");
            }

            Assert.Skip($"the {Cluster.Provider} provider cannot restart its API server");
        }

        var root = Path.Combine(Path.GetTempPath(), $"openmcf-restart-{Guid.NewGuid():N}");
        try
        {
            // Routes 100-199 exist already in an older version; the run must change them, not just add.
            var old = WriteRoutes(Path.Combine(root, "old"), TwoBackends);
            (await Openmcf(
            [
                "apply",
                "--skip-preflight",
                .. Enumerable.Range(100, 100).SelectMany(i => new[] { "-f", Path.Combine(old, $"route-{i:D3}.yaml") })
            ])).Exits(0);
            var dir = WriteRoutes(Path.Combine(root, "new"), OneBackend);
            Assert.Equal(100, await LiveCount());

            // Two at a time, so that the kill lands well inside the run.
            var clock = Stopwatch.StartNew();
            var run = Task.Run(() => Openmcf("apply", "-f", dir, "--skip-preflight", "--concurrency", "2"), Token);
            while (await LiveCount() < 110)
            {
                Assert.False(run.IsCompleted, "the bulk apply ended before the API server could be killed");
                await Task.Delay(10, Token);
            }

            var restart = Cluster.RestartApiServer(TimeSpan.FromSeconds(2));
            var first = await run;
            TestContext.Current.SendDiagnosticMessage(
                $"first run ended after {clock.Elapsed.TotalSeconds:0.0} s with exit {first.ExitCode}");
            await restart;

            first.Exits(3);
            var lines = first.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Matches(@"^200 routes: .*\d+ failed$", lines[^1]);
            Assert.Equal(Routes, lines.Count(l => l.StartsWith("tcproute.gateway.networking.k8s.io/", StringComparison.Ordinal)));
            Assert.DoesNotContain("   at ", first.Stderr, StringComparison.Ordinal);

            var second = (await Openmcf("apply", "-f", dir, "--skip-preflight")).Exits(0);
            Assert.StartsWith(
                "200 routes:", second.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1], StringComparison.Ordinal);

            var render = (await Openmcf("apply", "-f", dir, "--dry-run=client", "-o", "json")).Exits(0);
            var rendered = JsonNode.Parse(render.Stdout)!["items"]!.AsArray();
            Assert.Equal(Routes, rendered.Count);
            Assert.Equal(Routes, await LiveCount());
            foreach (var route in rendered)
            {
                var name = (string)route!["metadata"]!["name"]!;
                var live = await LiveRoute(name);
                Assert.NotNull(live);
                Assert.Null(LiveSpec.Difference(route["spec"], live["spec"], $"{name}: spec"));
                Assert.Null(LiveSpec.Difference(route["metadata"]!["labels"], live["metadata"]!["labels"], $"{name}: labels"));
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task Api_server_killed_during_a_prune_then_the_run_again_converges_and_nothing_outside_the_set_was_deleted()
    {
        if (Cluster.RestartApiServer is null)
        {
            Assert.True(
                !ClusterFixture.InCi,
                $"the {Cluster.Provider} provider cannot restart its API server (CI=true: a cluster test may not skip)");
            Assert.Skip($"the {Cluster.Provider} provider cannot restart its API server");
        }

        var root = Path.Combine(Path.GetTempPath(), $"openmcf-prune-restart-{Guid.NewGuid():N}");
        try
        {
            string[] set =
                ["--applyset", "routes", "--applyset-namespace", Namespace, "--skip-preflight", "--kubeconfig", Cluster.Kubeconfig];
            var all = WriteRoutes(Path.Combine(root, "all"), OneBackend);
            (await Openmcf(["apply", "-f", all, .. set])).Exits(0);
            await CreateObject("tcproutes", TcpRouteObject("by-hand"), "v1alpha2");

            // Ten routes stay declared: 190 are pruned, two at a time, and the API server is killed among them.
            var kept = Path.Combine(root, "kept");
            Directory.CreateDirectory(kept);
            foreach (var file in Directory.GetFiles(all).Order(StringComparer.Ordinal).Take(10))
            {
                File.Copy(file, Path.Combine(kept, Path.GetFileName(file)));
            }

            // In its own process, so that its lease is seen to be orphaned if it could not give it up.
            var run = OpenmcfProcess.RunAsync(Token, ["apply", "-f", kept, "--prune", "--concurrency", "2", .. set]);
            while (await LiveCount() > Routes - 20)
            {
                Assert.False(run.IsCompleted, "the prune ended before the API server could be killed");
                await Task.Delay(10, Token);
            }

            var restart = Cluster.RestartApiServer(TimeSpan.FromSeconds(2));
            var first = await run;
            await restart;
            // Deletions in flight fail (3), or are retried through the restart (0); either way in a sentence.
            TestContext.Current.SendDiagnosticMessage($"the prune the kill hit ended with exit {first.ExitCode}");
            Assert.True(first.ExitCode is 0 or 3, $"exit {first.ExitCode}\nstdout:\n{first.Stdout}\nstderr:\n{first.Stderr}");
            Assert.DoesNotContain("   at ", first.Stderr, StringComparison.Ordinal);

            // The run gave its lease up once the server was back (it says so when it could not).
            var parent = await Admin.CoreV1.ReadNamespacedSecretAsync("routes", Namespace, cancellationToken: Token);
            var lease = OpenMcf.TcpRoute.Cluster.SetLease.Parse(parent.Metadata.Annotations[TcpRoute.Cluster.ApplySet.LeaseAnnotation]);
            Assert.True(
                lease is null || lease.Expires <= DateTimeOffset.UtcNow || first.Stderr.Contains("stays held", StringComparison.Ordinal),
                $"the lease is still held\n{first.Stderr}");

            var second = (await Openmcf(["apply", "-f", kept, "--prune", .. set])).Exits(0);
            Assert.Matches(@"10 unchanged, \d+ pruned\n$", second.Stdout);
            Assert.Equal(11, await LiveCount());
            Assert.NotNull(await LiveRoute("by-hand"));
            Assert.NotNull(await LiveRoute("route-000"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
