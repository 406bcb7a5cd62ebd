using System.Text.Json.Nodes;
using OpenMcf.TcpRoute.Cluster;
using OpenMcf.TcpRoute.Mapping;

namespace OpenMcf.TcpRoute.Tests.Cluster;

/// <summary>When a re-apply may be skipped: only when the live route proves the apply would change nothing.</summary>
public class NoOpApplyTests
{
    private static JsonObject Rendered() =>
        TcpRouteMapper.Map(RoutePreparation.Prepare(ManifestText.Validate(ManifestText.Minimal)).Requests[0].Manifest, "app-ns");

    /// <summary>The route as the server keeps it after openmcf applied it: defaults filled in, one Apply entry.</summary>
    private static JsonObject Live()
    {
        var live = Rendered();
        foreach (var backend in live["spec"]!["rules"]!.AsArray().SelectMany(r => r!["backendRefs"]!.AsArray()))
        {
            backend!["group"] = string.Empty;
            backend["kind"] = "Service";
            backend["weight"] = 1;
        }

        foreach (var parent in live["spec"]!["parentRefs"]!.AsArray())
        {
            parent!["group"] = "gateway.networking.k8s.io";
            parent["kind"] = "Gateway";
        }

        live["metadata"]!["managedFields"] = new JsonArray(Entry("openmcf", "Apply", "gateway.networking.k8s.io/v1alpha2"));
        return live;
    }

    private static JsonObject Entry(string manager, string operation, string apiVersion) => new()
    {
        ["manager"] = manager,
        ["operation"] = operation,
        ["apiVersion"] = apiVersion,
        ["fieldsType"] = "FieldsV1",
        ["fieldsV1"] = NoOpApply.FieldSet(Rendered()),
    };

    public static TheoryData<string, bool> Cases() => new()
    {
        { "as applied, the server's defaults beside it", true },
        { "a field someone else added (a label of theirs)", true },
        { "a value changed", false },
        { "a label removed", false },
        { "an element field set to other than its default (an earlier weight)", false },
        { "an element field the defaults do not know", false },
        { "a list recorded element by element", false },
        { "a field owned that the manifest dropped", false },
        { "recorded under another apiVersion", false },
        { "owned by another manager only", false },
        { "openmcf's fields by an Update, not an Apply", false },
        { "two Apply entries of openmcf", false },
        { "no managedFields", false },
        { "being deleted", false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Only_proof_that_nothing_would_change_skips_the_apply(string name, bool skipped)
    {
        var live = Live();
        var metadata = live["metadata"]!.AsObject();
        var fields = metadata["managedFields"]![0]!["fieldsV1"]!.AsObject();
        var backend = live["spec"]!["rules"]![0]!["backendRefs"]![0]!.AsObject();
        switch (name)
        {
            case "a field someone else added (a label of theirs)":
                metadata["labels"]!["team"] = "data";
                break;
            case "a value changed":
                backend["port"] = 6543;
                break;
            case "a label removed":
                metadata["labels"]!.AsObject().Remove("app.kubernetes.io/component");
                break;
            case "an element field set to other than its default (an earlier weight)":
                backend["weight"] = 5;
                break;
            case "an element field the defaults do not know":
                backend["namespace"] = "elsewhere";
                break;
            case "a list recorded element by element":
                fields["f:spec"]!["f:rules"] = new JsonObject { ["k:{\"name\":\"forward\"}"] = new JsonObject() };
                break;
            case "a field owned that the manifest dropped":
                fields["f:spec"]!["f:useDefaultGateways"] = new JsonObject();
                break;
            case "recorded under another apiVersion":
                metadata["managedFields"]![0]!["apiVersion"] = "gateway.networking.k8s.io/v1";
                break;
            case "owned by another manager only":
                metadata["managedFields"] = new JsonArray(Entry("platform-bot", "Apply", "gateway.networking.k8s.io/v1alpha2"));
                break;
            case "openmcf's fields by an Update, not an Apply":
                metadata["managedFields"] = new JsonArray(Entry("openmcf", "Update", "gateway.networking.k8s.io/v1alpha2"));
                break;
            case "two Apply entries of openmcf":
                metadata["managedFields"]!.AsArray().Add(Entry("openmcf", "Apply", "gateway.networking.k8s.io/v1"));
                break;
            case "no managedFields":
                metadata.Remove("managedFields");
                break;
            case "being deleted":
                metadata["deletionTimestamp"] = "2026-11-29T00:00:00Z";
                break;
        }

        Assert.True(NoOpApply.Holds(Rendered(), live, "openmcf") == skipped, name);
    }

    [Fact]
    public void A_route_that_does_not_exist_or_another_field_manager_is_always_sent()
    {
        Assert.False(NoOpApply.Holds(Rendered(), null, "openmcf"));
        Assert.False(NoOpApply.Holds(Rendered(), Live(), "ci-bot"));
    }
}
