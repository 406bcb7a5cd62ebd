using System.Text.Json.Nodes;
using OpenMcf.TcpRoute.Cluster;
using OpenMcf.TcpRoute.Mapping;

namespace OpenMcf.TcpRoute.Tests.Cluster;

/// <summary>What --wait concludes from one version of a route's status, as controllers write it.</summary>
public class AcceptanceDecisionTests
{
    private static RouteRequest Request(string yaml) => RoutePreparation.Prepare(ManifestText.Validate(yaml)).Requests.Single();

    private static readonly RouteRequest ToGw = Request(ManifestText.With("    - name: gw", "    - {name: gw, sectionName: tcp}"));

    private static JsonObject Condition(string type, string status, long generation, string? reason = null, string? message = null) => new()
    {
        ["type"] = type,
        ["status"] = status,
        ["observedGeneration"] = generation,
        ["reason"] = reason ?? type,
        ["message"] = message ?? string.Empty,
    };

    private static JsonObject Route(long generation, params JsonObject[] parents) => new()
    {
        ["metadata"] = new JsonObject { ["generation"] = generation },
        ["status"] = new JsonObject { ["parents"] = new JsonArray(parents.Select(p => (JsonNode)p).ToArray<JsonNode?>()) },
    };

    private static JsonObject Parent(JsonObject parentRef, params JsonObject[] conditions) => new()
    {
        ["parentRef"] = parentRef,
        ["controllerName"] = "example.org/gateway",
        ["conditions"] = new JsonArray(conditions.Select(c => (JsonNode)c).ToArray<JsonNode?>()),
    };

    /// <summary>A parent's status with Accepted and ResolvedRefs True for <paramref name="generation"/>.</summary>
    private static JsonObject Admitted(JsonObject parentRef, long generation) =>
        Parent(parentRef, Condition("Accepted", "True", generation), Condition("ResolvedRefs", "True", generation));

    private static JsonObject Gw(string? group = null, string? kind = null) => new()
    {
        ["group"] = group ?? GatewayApi.Group,
        ["kind"] = kind ?? GatewayApi.GatewayKind,
        ["name"] = "gw",
        ["sectionName"] = "tcp",
    };

    [Fact]
    public void Accepted_and_resolved_for_the_current_generation_is_done()
    {
        var outcome = AcceptanceWaiter.Evaluate(ToGw, Route(2, Admitted(Gw(), 2)));
        Assert.True(outcome.Accepted);
        var parent = Assert.Single(outcome.Parents);
        Assert.Equal(("app-ns/gw (listener tcp)", true, true), (parent.Parent, parent.Accepted, parent.ResolvedRefs));
    }

    [Fact]
    public void Conditions_of_an_older_generation_do_not_count()
    {
        var outcome = AcceptanceWaiter.Evaluate(ToGw, Route(3, Admitted(Gw(), 2)));
        Assert.False(outcome.Accepted);
        Assert.Contains("waiting for Accepted on generation 3", outcome.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refusal_stops_waiting_with_the_reason_in_plain_words()
    {
        var refused = Parent(Gw(), Condition("Accepted", "False", 1, "NotAllowedByListeners", "ns not allowed"));
        var outcome = AcceptanceWaiter.Evaluate(ToGw, Route(1, refused));
        Assert.False(outcome.Accepted);
        Assert.Equal("NotAllowedByListeners", outcome.Parents[0].Reason);
        Assert.Contains("does not admit TCPRoutes from namespace \"app-ns\"", outcome.Problem, StringComparison.Ordinal);
        Assert.Contains("(controller: ns not allowed)", outcome.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Status_for_a_parent_of_another_kind_or_group_is_not_this_parents()
    {
        var other = AcceptanceWaiter.Evaluate(ToGw, Route(1, Admitted(Gw(kind: "ListenerSet"), 1)));
        Assert.False(other.Accepted);
        Assert.Contains("no status from its controller yet", other.Problem, StringComparison.Ordinal);

        var defaults = new JsonObject { ["name"] = "gw", ["sectionName"] = "tcp" };
        var same = AcceptanceWaiter.Evaluate(ToGw, Route(1, Admitted(defaults, 1)));
        Assert.True(same.Accepted);
    }

    [Fact]
    public void Without_parentRefs_whatever_parents_report_are_waited_for()
    {
        var route = Request(ManifestText.With("  parentRefs:\n    - name: gw\n", "  useDefaultGateways: All\n"));
        Assert.Contains("it uses default Gateways", AcceptanceWaiter.Evaluate(route, Route(1)).Problem, StringComparison.Ordinal);
        Assert.True(AcceptanceWaiter.Evaluate(route, Route(1, Admitted(Gw(), 1))).Accepted);
    }
}
