using OpenMcf.TcpRoute.Mapping;

namespace OpenMcf.TcpRoute.Cluster;

/// <summary>destroy: delete each route under the version its cluster serves.</summary>
public static class DestroyOperation
{
    /// <summary>Deletes every route (or asks the server to check the deletion, with <paramref name="dryRun"/>).</summary>
    public static Task<IReadOnlyList<RouteResult<Destroyed>>> DestroyAsync(
        this RouteRunner runner, IReadOnlyList<RouteRequest> requests, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runner);
        return runner.ForEachRouteAsync(requests, (step, ct) => DestroyOneAsync(runner.Settings, step, dryRun, ct), cancellationToken);
    }

    private static async Task<RouteResult<Destroyed>> DestroyOneAsync(
        RunSettings settings, RouteStep step, bool dryRun, CancellationToken cancellationToken)
    {
        var (request, target, _) = step;

        // Any served version deletes the same object; the default one when served.
        var version = settings.ApiVersion
            ?? target.Served.FirstOrDefault(v => v == GatewayApi.DefaultVersion)
            ?? (target.Served.Count > 0 ? target.Served[0] : null);
        if (version is null)
        {
            return RouteResult.Success(request, new Destroyed(DestroyAction.Absent))
                with
            { Note = "the cluster does not serve TCPRoute at all" };
        }

        var answer = await target.Cluster.DeleteAsync(version, request.Namespace, request.Name, dryRun, cancellationToken)
            .ConfigureAwait(false);
        return answer.For(request, destroyed => destroyed) with { ApiVersion = GatewayApi.GroupVersion(version) };
    }
}
