using OpenMcf.TcpRoute.Cluster;

namespace OpenMcf.TcpRoute.Tests.Cluster;

/// <summary>Which contexts --context, --all-contexts and --context-pattern select, and the usage problems they can have.</summary>
public class ClusterSelectionTests
{
    private static readonly string[] Known = ["staging", "prod-eu", "prod-us", "dev"];

    public static TheoryData<string[], bool, string?, string[]> Selections => new()
    {
        { [], false, null, [] },
        { ["prod-eu"], false, null, ["prod-eu"] },
        { ["prod-us", "staging", "prod-us"], false, null, ["prod-us", "staging"] },
        { ["not-in-kubeconfig"], false, null, ["not-in-kubeconfig"] },
        { [], true, null, ["staging", "prod-eu", "prod-us", "dev"] },
        { [], true, "prod-*", ["prod-eu", "prod-us"] },
        { [], false, "prod-*", ["prod-eu", "prod-us"] },
        { [], false, "?ev", ["dev"] },
        { ["dev"], false, "prod-*", ["dev", "prod-eu", "prod-us"] },
        { ["prod-us"], true, null, ["prod-us", "staging", "prod-eu", "dev"] },
        { [], false, "PROD-*", null! },
    };

    [Theory]
    [MemberData(nameof(Selections))]
    public void Selects_the_contexts_named_then_those_of_the_kubeconfig_that_match(
        string[] contexts, bool all, string? pattern, string[]? expected)
    {
        var selected = new ClusterSelection(contexts, all, pattern).Resolve(Known, out var problem);

        if (expected is null)
        {
            Assert.NotNull(problem);
            Assert.Empty(selected);
            return;
        }

        Assert.Null(problem);
        Assert.Equal(expected, selected);
    }

    [Fact]
    public void A_pattern_that_matches_nothing_names_the_contexts_there_are()
    {
        new ClusterSelection([], false, "qa-*").Resolve(Known, out var problem);

        Assert.Equal("--context-pattern \"qa-*\" matches none of the kubeconfig's contexts (staging, prod-eu, prod-us, dev)", problem);
    }

    [Fact]
    public void All_contexts_of_an_empty_kubeconfig_is_a_problem_not_an_empty_run()
    {
        var selected = new ClusterSelection([], true, null).Resolve([], out var problem);

        Assert.Empty(selected);
        Assert.Equal("the kubeconfig has no contexts to select", problem);
    }

    [Fact]
    public void Only_the_flags_that_need_the_kubeconfig_read_it()
    {
        Assert.False(new ClusterSelection(["a"], false, null).NeedsContextNames);
        Assert.True(new ClusterSelection([], true, null).NeedsContextNames);
        Assert.True(new ClusterSelection([], false, "a*").NeedsContextNames);
        Assert.False(ClusterSelection.None.Selects);
        Assert.True(new ClusterSelection(["a"], false, null).Selects);
    }
}
