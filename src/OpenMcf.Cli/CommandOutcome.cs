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

    /// <summary>
    /// --applyset: a set another run holds, or a safety rule that stopped prune, is held back; any other failure to
    /// take or prune the set is a cluster error; a member whose deletion failed counts as any route's failure. A lease
    /// that could not be given up is a warning: what the run did stands.
    /// </summary>
    public static Outcome OfSet(IReadOnlyList<SetHold> holds, PruneReport? prune)
    {
        ArgumentNullException.ThrowIfNull(holds);
        IEnumerable<ClusterError> errors = [.. holds.Select(h => h.Error).OfType<ClusterError>(), .. prune?.Errors ?? []];
        var outcomes = errors.Select(e => e.Kind switch
        {
            ClusterErrorKind.Interrupted => Outcome.Interrupted,
            ClusterErrorKind.SetBusy => Outcome.HeldBack,
            _ => Outcome.ClusterError,
        }).ToList();
        if (prune is not null)
        {
            outcomes.Add(prune.HeldBack is null ? Of(prune.Routes) : Outcome.HeldBack);
        }

        return Worst(outcomes);
    }

    /// <summary>The outcome that matters most when a command ends with several: interrupted, then failures, then verdicts.</summary>
    public static Outcome Worst(IEnumerable<Outcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        Outcome[] rank =
        [
            Outcome.Unexpected, Outcome.Interrupted, Outcome.InvalidInput, Outcome.UsageError, Outcome.ClusterError, Outcome.Conflict,
            Outcome.HeldBack, Outcome.WaitFailed, Outcome.NotInStep, Outcome.ChangesPending,
        ];
        var present = outcomes.ToHashSet();
        return rank.FirstOrDefault(present.Contains, Outcome.Success);
    }

    /// <summary>status: a route or set that could not be read is a cluster error; any route not in step is 5.</summary>
    public static Outcome OfStatus(StatusReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var read = Worst([Of(report.Routes), .. report.Errors.Select(_ => Outcome.ClusterError)]);
        return read != Outcome.Success ? read
            : report.Routes.Any(r => !r.Value!.InStep) ? Outcome.NotInStep : Outcome.Success;
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
