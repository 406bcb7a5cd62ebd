using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using OpenMcf.TcpRoute.IntegrationTests.Infrastructure;
using OpenMcf.TcpRoute.Tests.Cli;

namespace OpenMcf.TcpRoute.IntegrationTests;

/// <summary>What the tool renders is what the real server's schema accepts; what it rejects never reaches the server.</summary>
public class SampleRoutesTests(ClusterFixture cluster) : ClusterTest(cluster)
{
    [Fact]
    public async Task Rendered_postgres_sample_is_accepted_by_the_server_schema()
    {
        var sample = Manifest(File.ReadAllText(TestPaths.Sample("postgres-route.yaml"))
            .Replace("value: app-ns", $"value: {Namespace}", StringComparison.Ordinal));
        var render = (await CliRun.Of("apply", "-f", sample, "--dry-run=client", "-o", "json")).Exits(0);
        var route = JsonNode.Parse(render.Stdout)!.AsObject();

        // Sent by a plain client, not by the tool's applier: this checks the rendering alone.
        await Admin.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch(route.ToJsonString(), V1Patch.PatchType.ApplyPatch),
            GatewayApiCrds.Group,
            "v1alpha2",
            Namespace,
            "tcproutes",
            "postgres-route",
            fieldManager: "schema-check",
            cancellationToken: Token);

        var live = await LiveRoute("postgres-route");
        Assert.NotNull(live);
        var backend = live["spec"]!["rules"]![0]!["backendRefs"]![0]!;
        Assert.Equal("postgres", (string?)backend["name"]);
        Assert.Equal(5432, (int)backend["port"]!);
        Assert.Equal(1, (int)backend["weight"]!); // defaulted by the server, not sent by the tool
        Assert.Equal("tcp", (string?)live["spec"]!["parentRefs"]![0]!["sectionName"]);
    }

    [Fact]
    public async Task Server_schema_really_rejects_what_the_tool_rejects()
    {
        // The control for the test below: the server itself refuses port 70000.
        var route = new JsonObject
        {
            ["apiVersion"] = "gateway.networking.k8s.io/v1alpha2",
            ["kind"] = "TCPRoute",
            ["metadata"] = new JsonObject { ["name"] = "bad-port", ["namespace"] = Namespace },
            ["spec"] = new JsonObject
            {
                ["rules"] = new JsonArray(new JsonObject
                {
                    ["backendRefs"] = new JsonArray(new JsonObject { ["name"] = "postgres", ["port"] = 70000 }),
                }),
            },
        };
        var e = await Assert.ThrowsAsync<HttpOperationException>(() => Admin.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch(route.ToJsonString(), V1Patch.PatchType.ApplyPatch),
            GatewayApiCrds.Group,
            "v1alpha2",
            Namespace,
            "tcproutes",
            "bad-port",
            fieldManager: "schema-check",
            cancellationToken: Token));
        Assert.Equal(422, (int)e.Response.StatusCode);
    }

    [Theory]
    [InlineData("bad-port-and-weight.yaml")]
    [InlineData("misspelt-field.yaml")]
    [InlineData("bad-names.yaml")]
    [InlineData("no-rules.yaml")]
    public async Task Invalid_samples_are_rejected_before_the_server_sees_them(string sample)
    {
        var text = File.ReadAllText(Path.Combine(TestPaths.Root, "samples", "invalid", sample))
            .Replace("value: app-ns", $"value: {Namespace}", StringComparison.Ordinal);
        var run = (await Openmcf("apply", "-f", Manifest(text))).Exits(1);
        Assert.Contains("nothing was applied", run.Stderr, StringComparison.Ordinal);
        var routes = await Admin.CustomObjects.ListNamespacedCustomObjectAsync(
            GatewayApiCrds.Group, "v1alpha2", Namespace, "tcproutes", cancellationToken: Token);
        Assert.Empty(JsonNode.Parse(KubernetesJson.Serialize(routes))!["items"]!.AsArray());
    }
}
