using OpenMcf.TcpRoute.Mapping;

namespace OpenMcf.TcpRoute.Cluster;

/// <summary>apply: choose the version each cluster serves, map, and server-side apply.</summary>
public static class ApplyOperation
{
    /// <summary>Server-side applies every route (a dry run when <paramref name="apply"/> says so).</summary>
    /// <param name="ahead">The routes' live states as their preflight read them; null: each apply reads its own.</param>
    public static Task<IReadOnlyList<RouteResult<Applied>>> ApplyAsync(
        this RouteRunner runner,
        IReadOnlyList<RouteRequest> requests,
        ApplySettings apply,
        CancellationToken cancellationToken,
        StatesAhead? ahead = null)
    {
        ArgumentNullException.ThrowIfNull(runner);
        return runner.ForEachRouteAsync(
            requests, (step, ct) => ApplyOneAsync(runner.Settings, step, apply, ct, ahead), cancellationToken);
    }

    /// <summary>
    /// When the server warns that the version used is deprecated, and it serves v1, which the route fits: say so (once a
    /// run, as every note), with the flag that moves to it.
    /// </summary>
    private static string? DeprecationHint(
        IReadOnlyList<string> served, RouteRequest request, string version, IReadOnlyList<string> warnings) =>
        version != GatewayApi.V1
        && warnings.Any(w => w.Contains("deprecated", StringComparison.OrdinalIgnoreCase))
        && served.Contains(GatewayApi.V1)

        // As a cluster serving only v1 would judge it: one rule, no useDefaultGateways, ...
        && TcpRouteApiVersions.Choose([GatewayApi.V1], request.Manifest, requested: null).Error is null
            ? "the cluster serves TCPRoute v1, and these routes fit it: --api-version v1 applies them without the deprecated version"
            : null;

    /// <summary>
    /// One route: its version chosen from what its cluster serves, its live state from the batch's LIST when there is one.
    /// </summary>
    internal static async Task<RouteResult<Applied>> ApplyOneAsync(
        RunSettings settings, RouteStep step, ApplySettings apply, CancellationToken cancellationToken, StatesAhead? ahead = null)
    {
        var (request, target, _) = step;
        var choice = TcpRouteApiVersions.Choose(target.Served, request.Manifest, settings.ApiVersion);
        if (choice.Error is not null)
        {
            return RouteResult.Failure<Applied>(request, choice.Error);
        }

        var version = choice.Version!;
        var route = TcpRouteMapper.Map(request.Manifest, request.Namespace, version, apply.PartOf);
        var known = ahead?.Take(request, version);
        if (step.SharesNamespace)
        {
            // Without list rights (or on any other trouble) each route is read on its own instead.
            var routes = await target.Cluster.Reader.ListRoutes(request.Namespace, version, cancellationToken).ConfigureAwait(false);
            known = routes.Value is { } byName ? Task.FromResult(new KnownState(byName.GetValueOrDefault(request.Name))) : null;
        }

        var answer = await target.Cluster.ApplyAsync(route, apply, known, cancellationToken).ConfigureAwait(false);
        return answer.For(request, applied => applied) with
        {
            ApiVersion = GatewayApi.GroupVersion(version),
            Note = choice.Note ?? DeprecationHint(target.Served, request, version, answer.Warnings),
        };
    }
}
