using OpenMcf.TcpRoute.Mapping;

namespace OpenMcf.TcpRoute.Cluster;

/// <summary>plan: what an apply would do, by a server-side dry run of it.</summary>
public static class PlanOperation
{
    /// <summary>What an apply under <paramref name="fieldManager"/> would do to every route; nothing is persisted.</summary>
    public static async Task<IReadOnlyList<RouteResult<Planned>>> PlanAsync(
        this RouteRunner runner,
        IReadOnlyList<RouteRequest> requests,
        string fieldManager,
        CancellationToken cancellationToken,
        string? partOf = null)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var dryRun = new ApplySettings(fieldManager, ForceConflicts: false, ServerDryRun: true) { PartOf = partOf };
        return await runner.ForEachRouteAsync(
            requests,
            async (step, ct) =>
            {
                var applied = await ApplyOperation.ApplyOneAsync(runner.Settings, step, dryRun, ct).ConfigureAwait(false);
                var planned = applied.Value is { } value
                    ? RouteResult.Success(step.Request, Planned.From(value))
                    : RouteResult.Failure<Planned>(step.Request, applied.Error!);
                return planned with { ApiVersion = applied.ApiVersion, Warnings = applied.Warnings, Note = applied.Note };
            },
            cancellationToken).ConfigureAwait(false);
    }
}
