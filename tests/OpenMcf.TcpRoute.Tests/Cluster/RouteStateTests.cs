using System.Text.Json.Nodes;
using OpenMcf.TcpRoute.Cluster;
using OpenMcf.TcpRoute.Mapping;

namespace OpenMcf.TcpRoute.Tests.Cluster;

/// <summary>status's reading of a live route against its manifest: values, ownership, parents.</summary>
public class RouteStateTests
{
    private static readonly RouteRequest Request = RoutePreparation.Prepare(ManifestText.Validate(ManifestText.Minimal)).Requests[0];

    private static JsonObject Rendered => TcpRouteMapper.Map(Request.Manifest, Request.Namespace);

    /// <summary>The route as the server keeps it: the rendered one, with defaults filled in and managedFields.</summary>
    private static JsonObject Live(params (string Manager, string Operation, JsonObject Fields)[] managers)
    {
        var live = Rendered;
        foreach (var backend in live["spec"]!["rules"]!.AsArray().SelectMany(r => r!["backendRefs"]!.AsArray()))
        {
            backend!["group"] = string.Empty;
            backend["kind"] = "Service";
            backend["weight"] = 1;
        }

        live["metadata"]!["generation"] = 1L;
        live["metadata"]!["managedFields"] = new JsonArray(managers.Select(m => (JsonNode)new JsonObject
        {
            ["manager"] = m.Manager,
            ["operation"] = m.Operation,
            ["fieldsV1"] = m.Fields,
        }).ToArray<JsonNode?>());
        return live;
    }

    /// <summary>fieldsV1 claiming every label and the spec's lists (they are atomic).</summary>
    private static JsonObject All() => new()
    {
        ["f:metadata"] = new JsonObject
        {
            ["f:labels"] = new JsonObject(Rendered["metadata"]!["labels"]!.AsObject()
                .Select(l => KeyValuePair.Create<string, JsonNode?>($"f:{l.Key}", new JsonObject()))),
        },
        ["f:spec"] = new JsonObject { ["f:parentRefs"] = new JsonObject(), ["f:rules"] = new JsonObject() },
    };

    [Fact]
    public void A_route_as_applied_by_openmcf_with_the_servers_defaults_has_no_drift()
    {
        var state = RouteState.Of(Live(("openmcf", "Apply", All())), Rendered, "openmcf", Request, Request.Namespace);
        Assert.True(state.Exists);
        Assert.Empty(state.Drift);
        Assert.Equal([new FieldManager("openmcf", "Apply")], state.Managers);
        Assert.False(state.InStep, "no parent has accepted it yet");
    }

    [Fact]
    public void A_value_changed_is_drift_at_its_path()
    {
        var live = Live(("openmcf", "Apply", All()));
        live["spec"]!["rules"]![0]!["backendRefs"]![0]!["port"] = 6543;
        var drift = Assert.Single(RouteState.Of(live, Rendered, "openmcf", Request, Request.Namespace).Drift);
        Assert.Equal("spec.rules[0].backendRefs[0].port", drift.Path);
        Assert.Equal("the manifest says 5432, the cluster has 6543", drift.Problem);
    }

    [Fact]
    public void A_list_of_another_length_and_a_label_removed_are_drift()
    {
        var live = Live(("openmcf", "Apply", All()));
        live["spec"]!["rules"]!.AsArray().Add(new JsonObject { ["backendRefs"] = new JsonArray() });
        live["metadata"]!["labels"]!.AsObject().Remove("app.kubernetes.io/managed-by");
        var paths = RouteState.Of(live, Rendered, "openmcf", Request, Request.Namespace).Drift.Select(d => d.Path).ToList();
        Assert.Contains("spec.rules", paths);
        Assert.Contains("metadata.labels[\"app.kubernetes.io/managed-by\"]", paths);
    }

    [Theory]
    [InlineData("platform-bot", "Apply", "managed by platform-bot (Apply), not openmcf")]
    [InlineData("openmcf", "Update", "managed by openmcf (Update), not openmcf")]
    public void Values_that_hold_but_are_owned_by_another_manager_are_drift(string manager, string operation, string problem)
    {
        var state = RouteState.Of(Live((manager, operation, All())), Rendered, "openmcf", Request, Request.Namespace);
        Assert.NotEmpty(state.Drift);
        Assert.All(state.Drift, d => Assert.StartsWith(problem, d.Problem, StringComparison.Ordinal));

        // Shared with openmcf's own apply: no drift.
        var shared = RouteState.Of(Live((manager, operation, All()), ("openmcf", "Apply", All())), Rendered, "openmcf", Request, "app-ns");
        Assert.Empty(shared.Drift);
    }

    [Fact]
    public void A_missing_route_and_one_no_manifest_declares_are_not_in_step()
    {
        Assert.False(RouteState.Of(null, Rendered, "openmcf", Request, Request.Namespace).InStep);
        var member = RouteState.Of(Live(("openmcf", "Apply", All())), null, "openmcf", null, "app-ns");
        Assert.False(member.Declared);
        Assert.Empty(member.Drift);
        Assert.False(member.InStep);
    }
}
