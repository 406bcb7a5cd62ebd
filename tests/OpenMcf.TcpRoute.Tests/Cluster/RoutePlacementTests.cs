using OpenMcf.TcpRoute.Cluster;
using OpenMcf.TcpRoute.Mapping;

namespace OpenMcf.TcpRoute.Tests.Cluster;

/// <summary>How the context label and the selecting flags combine: which cluster gets which route.</summary>
public class RoutePlacementTests
{
    private static IReadOnlyList<RouteRequest> Routes(params (string Name, string? Context)[] routes) =>
        RoutePreparation.Prepare(ManifestText.Validate(string.Join(
            "\n---\n",
            routes.Select(r => ManifestText.Minimal.Replace(
                "  name: route",
                $"  name: {r.Name}" + (r.Context is null ? string.Empty : $"\n  labels:\n    kubernetes.openmcf.org/context: {r.Context}"),
                StringComparison.Ordinal))))).Requests;

    private static Dictionary<string, string[]> ByCluster(Placement placement) =>
        placement.Parts.ToDictionary(p => p.Context ?? "(current)", p => p.Requests.Select(r => r.Name).ToArray());

    [Fact]
    public void Without_flags_each_route_goes_where_its_label_says_else_to_the_current_context()
    {
        var placement = RoutePlacement.Place(Routes(("a", "prod"), ("b", null), ("c", "stage"), ("d", "prod")), []);

        Assert.Equal(
            new Dictionary<string, string[]> { ["prod"] = ["a", "d"], ["(current)"] = ["b"], ["stage"] = ["c"] },
            ByCluster(placement));
        Assert.Empty(placement.LeftOut);
    }

    [Fact]
    public void Unlabelled_routes_and_routes_labelled_for_the_current_context_are_one_part()
    {
        var placement = RoutePlacement.Place(Routes(("a", "prod"), ("b", null), ("c", "stage")), [], current: "prod");

        Assert.Equal(new Dictionary<string, string[]> { ["prod"] = ["a", "b"], ["stage"] = ["c"] }, ByCluster(placement));
        Assert.True(RoutePlacement.AnyLabelled(Routes(("a", "prod"))));
        Assert.False(RoutePlacement.AnyLabelled(Routes(("a", null))));
    }

    [Fact]
    public void Selected_clusters_each_get_every_unlabelled_route_and_the_routes_labelled_for_them()
    {
        var placement = RoutePlacement.Place(Routes(("a", null), ("b", "prod"), ("c", null)), ["stage", "prod"]);

        Assert.Equal(["stage", "prod"], placement.Parts.Select(p => p.Context));
        Assert.Equal(new Dictionary<string, string[]> { ["stage"] = ["a", "c"], ["prod"] = ["a", "b", "c"] }, ByCluster(placement));
        Assert.Empty(placement.LeftOut);
    }

    [Fact]
    public void A_route_labelled_for_a_context_that_is_not_selected_goes_nowhere_and_is_reported()
    {
        var placement = RoutePlacement.Place(Routes(("a", null), ("b", "dev")), ["prod"]);

        Assert.Equal(new Dictionary<string, string[]> { ["prod"] = ["a"] }, ByCluster(placement));
        var left = Assert.Single(placement.LeftOut);
        Assert.Equal(("b", "dev"), (left.Request.Name, left.Context));
    }

    [Fact]
    public void A_selected_cluster_that_gets_no_route_is_still_a_part_of_the_run()
    {
        // Its set may need pruning: whether it runs is the command's choice, not placement's.
        var placement = RoutePlacement.Place(Routes(("a", "prod")), ["stage", "prod"]);

        Assert.Equal(new Dictionary<string, string[]> { ["stage"] = [], ["prod"] = ["a"] }, ByCluster(placement));
    }

    [Fact]
    public void No_routes_and_no_flags_is_the_current_context_alone()
    {
        var placement = RoutePlacement.Place([], []);

        var part = Assert.Single(placement.Parts);
        Assert.Null(part.Context);
        Assert.Empty(part.Requests);
    }
}
