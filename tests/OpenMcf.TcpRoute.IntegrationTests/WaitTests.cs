using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using OpenMcf.TcpRoute.IntegrationTests.Infrastructure;
using OpenMcf.TcpRoute.Tests.Cli;

namespace OpenMcf.TcpRoute.IntegrationTests;

/// <summary>
/// apply --wait against the real server. No Gateway controller runs there, so each test plays
/// one: it writes status.parents[] through the status subresource, as a controller would.
/// </summary>
public class WaitTests(ClusterFixture cluster) : ClusterTest(cluster)
{
    /// <summary>Starts apply --wait, and returns it with the generation of the route once the route exists.</summary>
    private async Task<(Task<CliRun> Apply, long Generation)> StartApply(string path, string timeout = "30s", params string[] extra)
    {
        var apply = Openmcf(["apply", "-f", path, "--wait", "--timeout", timeout, .. extra]);
        var name = File.ReadAllLines(path).First(l => l.StartsWith("  name: ", StringComparison.Ordinal))[8..];
        JsonObject? live = null;
        await Eventually.TrueAsync(
            async () => (live = await LiveRoute(name)) is not null || apply.IsCompleted,
            TimeSpan.FromSeconds(30),
            $"route {name} to exist",
            Token);
        return (apply, (long?)live?["metadata"]?["generation"] ?? 0);
    }

    [Fact]
    public async Task Waits_until_the_parent_accepts_then_prints_its_state()
    {
        var (apply, generation) = await StartApply(Route("db"));
        await Task.Delay(500, Token);
        Assert.False(apply.IsCompleted, "apply --wait returned before any status was written");
        await WriteStatus("db", Parent(generation, AllGood));
        var run = (await apply).Exits(0);
        Assert.Contains($"  parent {Namespace}/my-gateway (listener tcp): Accepted, ResolvedRefs (by {Controller})",
            run.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Accepted", "NotAllowedByListeners", "the listener does not admit TCPRoutes from namespace")]
    [InlineData("Accepted", "NoMatchingParent", "the Gateway has no listener matching the route's sectionName/port")]
    [InlineData("ResolvedRefs", "BackendNotFound", "a backend Service does not exist")]
    [InlineData("ResolvedRefs", "InvalidKind", "a backendRef names a kind the controller does not support")]
    public async Task Rejection_stops_at_once_with_the_reason_in_plain_words(string type, string reason, string words)
    {
        var (apply, generation) = await StartApply(Route("db"), "60s");
        var conditions = type == "Accepted"
            ? new[] { ("Accepted", "False", reason), ("ResolvedRefs", "True", "ResolvedRefs") }
            : new[] { ("Accepted", "True", "Accepted"), ("ResolvedRefs", "False", reason) };
        var started = DateTime.UtcNow;
        await WriteStatus("db", Parent(generation, conditions));
        var run = (await apply).Exits(5);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(20), "did not stop at once");
        Assert.Contains($"{reason}: {words}", run.Stderr, StringComparison.Ordinal);
        Assert.Contains($"test controller says {reason}", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefNotPermitted_names_the_namespace_that_needs_a_ReferenceGrant()
    {
        var rules = DefaultRules.Replace("name: postgres", "name: shared-db\n          namespace: data-team", StringComparison.Ordinal);
        var (apply, generation) = await StartApply(Route("db", rules), "60s", "--skip-preflight");
        await WriteStatus("db", Parent(generation, [("Accepted", "True", "Accepted"), ("ResolvedRefs", "False", "RefNotPermitted")]));
        var run = (await apply).Exits(5);
        Assert.Contains($"a ReferenceGrant is missing in namespace \"data-team\" to let TCPRoutes from \"{Namespace}\" use its Services",
            run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_for_an_older_generation_does_not_count_and_the_wait_times_out()
    {
        var (apply, generation) = await StartApply(Route("db"), "3s");
        await WriteStatus("db", Parent(generation - 1, AllGood));
        var run = (await apply).Exits(5);
        Assert.Contains("timed out after 3 s", run.Stderr, StringComparison.Ordinal);
        Assert.Contains($"waiting for Accepted on generation {generation}", run.Stderr + run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_controller_at_all_times_out_with_exit_5()
    {
        var run = (await Openmcf("apply", "-f", Route("db"), "--wait", "--timeout", "2s")).Exits(5);
        Assert.Contains("was not accepted: timed out after 2 s", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("no status from its controller yet", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Default_gateways_wait_for_whatever_parent_appears()
    {
        var path = Route("db", parentRefs: null);
        path = Manifest(File.ReadAllText(path).Replace("  rules:", "  useDefaultGateways: All\n  rules:", StringComparison.Ordinal));
        var (apply, generation) = await StartApply(path);
        await WriteStatus("db", Parent(generation, AllGood, gateway: "cluster-default", sectionName: null));
        var run = (await apply).Exits(0);
        Assert.Contains($"parent {Namespace}/cluster-default: Accepted, ResolvedRefs", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_output_carries_each_parent_state()
    {
        var (apply, generation) = await StartApply(Route("db"), "30s", "-o", "json");
        await WriteStatus("db", Parent(generation, AllGood));
        var run = (await apply).Exits(0);
        var wait = JsonNode.Parse(run.Stdout)![0]!["wait"]!;
        Assert.True((bool)wait["accepted"]!);
        Assert.Equal(Controller, (string?)wait["parents"]![0]!["controller"]);
    }
}
