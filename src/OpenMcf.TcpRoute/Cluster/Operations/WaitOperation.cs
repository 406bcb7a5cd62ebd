using OpenMcf.TcpRoute.Mapping;

namespace OpenMcf.TcpRoute.Cluster;

/// <summary>--wait: until each applied route is accepted by its parents (see <see cref="AcceptanceWaiter"/>).</summary>
public static class WaitOperation
{
    /// <summary>Waits for every route that was applied; a failed apply is not waited for.</summary>
    public static async Task<IReadOnlyList<RouteResult<WaitOutcome>>> WaitAsync(
        this RouteRunner runner, IReadOnlyList<RouteResult<Applied>> applied, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(applied);
        var waiting = applied.Where(r => !r.Failed && r.ApiVersion is not null && r.Request is not null).ToList();
        var versions = new Dictionary<RouteRequest, string>(ReferenceEqualityComparer.Instance);
        foreach (var result in waiting)
        {
            versions[result.Request!] = GatewayApi.VersionOf(result.ApiVersion!);
        }


        // Waiting holds no thread: every route waits at once.
        return await runner.ForEachRouteAsync(
            waiting.Select(r => r.Request!).ToList(),
            async (step, ct) =>
            {
                var version = versions[step.Request];
                var outcome = await step.Target.Cluster.WaitAsync(step.Request, version, timeout, ct).ConfigureAwait(false);
                return RouteResult.Success(step.Request, outcome);
            },
            cancellationToken,
            inFlight: Math.Max(runner.Settings.Concurrency, waiting.Count)).ConfigureAwait(false);
    }
}
