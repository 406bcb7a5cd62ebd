using OpenMcf.TcpRoute.Cluster;

namespace OpenMcf.Cli;

/// <summary>
/// Decides what a command ended with, from its results alone: pure functions, so that every rule
/// is tested without a console or a cluster. Writers only write; <see cref="ExitCodes"/> maps the
/// outcome to the process exit code.
/// </summary>
internal static class CommandOutcome
{
    /// <summary>
    /// apply and destroy: interrupted beats failed; failures that are all conflicts are a conflict; then a rejected --wait.
    /// </summary>
    public static Outcome Of(IReadOnlyList<RouteResult> results, IReadOnlyDictionary<RouteResult, WaitOutcome>? waits = null)
    {
        ArgumentNullException.ThrowIfNull(results);
        var failures = results.Where(r => r.Failed).ToList();
        if (failures.Any(f => f.Outcome.Error!.Kind == ClusterErrorKind.Interrupted))
        {
            return Outcome.Interrupted;
        }

        if (failures.Count > 0)
        {
            return failures.All(f => f.Outcome.Error!.Kind == ClusterErrorKind.Conflict) ? Outcome.Conflict : Outcome.ClusterError;
        }

        return waits?.Values.Any(w => !w.Accepted) == true ? Outcome.WaitFailed : Outcome.Success;
    }

    /// <summary>plan: as apply, and when nothing failed, changes pending when any route would change.</summary>
    public static Outcome OfPlan(IReadOnlyList<RouteResult> results)
    {
        var outcome = Of(results);
        return outcome == Outcome.Success && results.Any(r => r.Outcome.Action != RouteAction.Unchanged) ? Outcome.ChangesPending : outcome;
    }

    /// <summary>check, and the preflight before apply: any error (a finding, or a cluster that could not be asked) fails.</summary>
    public static Outcome OfPreflight(IReadOnlyList<PreflightResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        return results.Any(r => r.HasErrors) ? Outcome.ClusterError : Outcome.Success;
    }
}
