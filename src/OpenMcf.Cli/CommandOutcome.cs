using OpenMcf.TcpRoute.Cluster;

namespace OpenMcf.Cli;

/// <summary>
/// Decides what a command ended with, from its results alone: pure functions, so that every rule
/// is tested without a console or a cluster. Writers only write; <see cref="ExitCodes"/> maps the
/// outcome to the process exit code.
/// </summary>
internal static class CommandOutcome
{
    /// <summary>Any operation over routes: interrupted beats failed; failures that are all conflicts are a conflict.</summary>
    public static Outcome Of<T>(IReadOnlyList<RouteResult<T>> results)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(results);
        var failures = results.Where(r => r.Failed).Select(r => r.Error!.Kind).ToList();
        if (failures.Contains(ClusterErrorKind.Interrupted))
        {
            return Outcome.Interrupted;
        }

        if (failures.Count > 0)
        {
            return failures.All(kind => kind == ClusterErrorKind.Conflict) ? Outcome.Conflict : Outcome.ClusterError;
        }

        return Outcome.Success;
    }

    /// <summary>apply: as any operation, then a --wait that did not end accepted.</summary>
    public static Outcome OfApply(IReadOnlyList<RouteResult<Applied>> results, IReadOnlyList<RouteResult<WaitOutcome>> waits)
    {
        ArgumentNullException.ThrowIfNull(waits);
        var outcome = Of(results);
        if (outcome != Outcome.Success)
        {
            return outcome;
        }

        var waited = Of(waits);
        if (waited != Outcome.Success)
        {
            return waited;
        }

        return waits.Any(w => !w.Value!.Accepted) ? Outcome.WaitFailed : Outcome.Success;
    }

    /// <summary>plan: as any operation, and when nothing failed, changes pending when any route would change.</summary>
    public static Outcome OfPlan(IReadOnlyList<RouteResult<Planned>> results)
    {
        var outcome = Of(results);
        return outcome == Outcome.Success && results.Any(r => r.Value!.Action != PlanAction.None) ? Outcome.ChangesPending : outcome;
    }

    /// <summary>check, and the preflight before apply: any error (a finding, or a cluster that could not be asked) fails.</summary>
    public static Outcome OfPreflight(IReadOnlyList<RouteResult<Checked>> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        return results.Any(r => r.HasErrors()) ? Outcome.ClusterError : Outcome.Success;
    }
}
