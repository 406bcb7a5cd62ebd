using OpenMcf.TcpRoute.Mapping;

namespace OpenMcf.TcpRoute.Cluster;

/// <summary>status: each route's state, and the errors that kept the set from being read.</summary>
public sealed record StatusReport(IReadOnlyList<RouteResult<RouteState>> Routes, IReadOnlyList<ClusterError> Errors);

/// <summary>status: how each declared route (and each member of a set) stands in its cluster; reads only.</summary>
public static class StatusOperation
{
    /// <summary>
    /// Every declared route compared with the cluster (one LIST per namespace); with a set, also its members that
    /// no manifest declares. With a set and no manifests at all, the members are what is declared.
    /// </summary>
    public static async Task<StatusReport> StatusAsync(
        this RouteRunner runner,
        IReadOnlyList<RouteRequest> requests,
        string fieldManager,
        ApplySet? applySet,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(requests);
        var declared = await runner.ForEachRouteAsync(
            requests, (step, ct) => DeclaredAsync(runner.Settings, step, fieldManager, applySet?.Id, ct), cancellationToken)
            .ConfigureAwait(false);
        if (applySet is null)
        {
            return new StatusReport(declared, []);
        }

        var holds = await runner.TakeSetAsync(applySet, requests, write: false, DateTimeOffset.UtcNow, cancellationToken)
            .ConfigureAwait(false);
        var routes = new List<RouteResult<RouteState>>(declared);
        var errors = new List<ClusterError>();
        foreach (var hold in holds)
        {
            if (hold.Error is not null || hold.Cluster.Target!.Served.Count == 0)
            {
                // A cluster that cannot be read, or serves no TCPRoute at all (no member can exist there).
                errors.AddRange(hold.Error is null ? [] : [hold.Error]);
                continue;
            }

            // Each cluster's members with that cluster: one named in several contexts is read where it lives.
            var listOnly = new PruneSettings(PruneMode.ListOnly, null, AllowEmpty: true) { FieldManager = fieldManager };
            var members = await runner.PruneAsync([hold], listOnly, cancellationToken)
                .ConfigureAwait(false);
            errors.AddRange(members.Errors);
            var target = hold.Cluster.Target;
            var version = target.Served.FirstOrDefault(v => v == GatewayApi.DefaultVersion) ?? target.Served[0];
            foreach (var member in members.Routes)
            {
                var (ns, name) = member.Route;
                var live = await target.Cluster.Reader.ListRoutes(ns, version, cancellationToken).ConfigureAwait(false);
                if (live.Value is not { } byName)
                {
                    routes.Add(RouteResult.Failure<RouteState>(member.Route, new ClusterError(ClusterErrorKind.Other, live.Unknown!)));
                    continue;
                }

                // With no manifests, the set's members are what is declared.
                var state = RouteState.Of(byName.GetValueOrDefault(name), null, fieldManager, null, ns)
                    with
                { Declared = requests.Count == 0 };
                routes.Add(RouteResult.Success(member.Route, state) with { ApiVersion = GatewayApi.GroupVersion(version) });
            }
        }

        return new StatusReport(routes, errors);
    }

    private static async Task<RouteResult<RouteState>> DeclaredAsync(
        RunSettings settings, RouteStep step, string fieldManager, string? partOf, CancellationToken cancellationToken)
    {
        var (request, target, _) = step;
        var choice = TcpRouteApiVersions.Choose(target.Served, request.Manifest, settings.ApiVersion);
        if (choice.Error is not null)
        {
            return RouteResult.Failure<RouteState>(request, choice.Error);
        }

        var rendered = TcpRouteMapper.Map(request.Manifest, request.Namespace, choice.Version!, partOf);
        var live = await target.Cluster.Reader.ListRoutes(request.Namespace, choice.Version!, cancellationToken).ConfigureAwait(false);
        if (live.Value is not { } byName)
        {
            var error = new ClusterError(ClusterErrorKind.Other, $"cannot read the routes: {live.Unknown}");
            return RouteResult.Failure<RouteState>(request, error);
        }

        var state = RouteState.Of(byName.GetValueOrDefault(request.Name), rendered, fieldManager, request, request.Namespace);
        return RouteResult.Success(request, state) with { ApiVersion = GatewayApi.GroupVersion(choice.Version!) };
    }
}
