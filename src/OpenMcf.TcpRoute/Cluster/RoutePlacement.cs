using OpenMcf.TcpRoute.Mapping;

namespace OpenMcf.TcpRoute.Cluster;

/// <summary>The routes one cluster of a run gets.</summary>
/// <param name="Context">The kube context; null for the kubeconfig's current one.</param>
public sealed record ClusterPart(string? Context, IReadOnlyList<RouteRequest> Requests);

/// <summary>A route labelled for a context that the run's flags do not select: sent nowhere.</summary>
public sealed record LeftOutRoute(RouteRequest Request, string Context);

/// <summary>Where every route of a run goes.</summary>
public sealed record Placement(IReadOnlyList<ClusterPart> Parts, IReadOnlyList<LeftOutRoute> LeftOut);

/// <summary>
/// Decides which clusters get which routes. The flags select clusters; a manifest's context label pins its route:
/// <list type="bullet">
/// <item>no selecting flag: each route goes to its label's context, else to the current context (as before fleets);</item>
/// <item>selected contexts: a route without the label goes to every one of them; a labelled route goes only to its
/// context, and only when that context is selected (else it is left out, and the run says so).</item>
/// </list>
/// A pinned route is never applied to a cluster its manifest did not name: with a set, another cluster's prune
/// would otherwise make it a member there.
/// </summary>
public static class RoutePlacement
{
    /// <param name="selected">The contexts the flags select; empty when no flag selects any.</param>
    /// <param name="current">
    /// The current context's name, when known: unlabelled routes then share one cluster with the routes labelled for
    /// it, rather than reaching the same cluster as a second part of the run.
    /// </param>
    public static Placement Place(IReadOnlyList<RouteRequest> requests, IReadOnlyList<string> selected, string? current = null)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(selected);
        if (selected.Count == 0)
        {
            var byLabel = requests.GroupBy(r => LabelOf(r) ?? current ?? string.Empty, StringComparer.Ordinal)
                .Select(g => new ClusterPart(g.Key.Length == 0 ? null : g.Key, [.. g]))
                .ToList();
            return new Placement(byLabel.Count == 0 ? [new ClusterPart(null, [])] : byLabel, []);
        }

        var parts = selected.Select(context => new ClusterPart(
                context,
                [.. requests.Where(r => LabelOf(r) is not { } label || string.Equals(label, context, StringComparison.Ordinal))]))
            .ToList();
        var leftOut = requests.Where(r => LabelOf(r) is { } label && !selected.Contains(label, StringComparer.Ordinal))
            .Select(r => new LeftOutRoute(r, LabelOf(r)!))
            .ToList();
        return new Placement(parts, leftOut);
    }

    /// <summary>Whether any route names its context: only then does the current context's name matter.</summary>
    public static bool AnyLabelled(IReadOnlyList<RouteRequest> requests) => requests?.Any(r => LabelOf(r) is not null) == true;

    private static string? LabelOf(RouteRequest request) =>
        request.Manifest.Metadata?.Context is { Length: > 0 } label ? label : null;
}
