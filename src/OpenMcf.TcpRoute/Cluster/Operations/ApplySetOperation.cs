using System.Collections.Concurrent;
using OpenMcf.TcpRoute.Mapping;

namespace OpenMcf.TcpRoute.Cluster;

/// <summary>A set in one cluster as this run found it and, when the run writes, holds it (with its lease).</summary>
/// <param name="Before">The parent before this run (<see cref="SetParent.Absent"/> if there was none).</param>
/// <param name="Held">The parent as this run wrote it, holding the lease; null when the run only reads (plan, dry runs).</param>
public sealed record SetHold(ApplySet Set, ClusterBatch Cluster, SetParent Before, SetParent? Held, ClusterError? Error)
{
    /// <summary>The namespaces members may be in: the recorded ones and those of the routes declared now.</summary>
    public IReadOnlyList<string> Namespaces =>
        [
            .. (Held ?? Before).Namespaces
                .Concat(Cluster.Requests.Select(r => r.Namespace))
                .Append(Set.Namespace)
                .Distinct()
                .Order(StringComparer.Ordinal),
        ];
}

public enum PruneMode
{
    /// <summary>Delete the members no manifest declares.</summary>
    Delete,

    /// <summary>Ask the API server to check each deletion without doing it (--dry-run=server).</summary>
    ServerDryRun,

    /// <summary>Only say which members would be deleted (plan).</summary>
    ListOnly,
}

/// <param name="MaxDeletions">--max-deletions: prune nothing at all when more would go.</param>
/// <param name="AllowEmpty">--prune-allow-empty: no routes declared means every member goes.</param>
/// <param name="FieldManager">The field manager whose apply must have labelled a member for it to be pruned.</param>
public sealed record PruneSettings(PruneMode Mode, int? MaxDeletions, bool AllowEmpty)
{
    public string FieldManager { get; init; } = ApplySettings.DefaultFieldManager;
}

/// <summary>What prune did: each member deleted (or that would be), the errors that stopped it, or why it held back.</summary>
/// <param name="HeldBack">A safety rule stopped prune before any deletion; the sentence says which and what to do.</param>
public sealed record PruneReport(IReadOnlyList<RouteResult<Destroyed>> Routes, IReadOnlyList<ClusterError> Errors, string? HeldBack)
{
    /// <summary>Routes that carry the set's label but were not labelled by the field manager's apply: kept, and said.</summary>
    public IReadOnlyList<RouteKey> NotApplied { get; init; } = [];

    /// <summary>Every member that had to go is gone (or, for a dry run, would be).</summary>
    public bool Complete => Errors.Count == 0 && HeldBack is null && Routes.All(r => !r.Failed);
}

/// <summary>
/// apply --applyset / --prune, destroy --applyset: take the set in each cluster (read its parent,
/// refuse one that is not this set's or is another tool's, take the lease and record the
/// namespaces about to hold members), prune what no manifest declares, release. Nothing is ever
/// deleted that does not carry this set's label, and nothing at all when any listing fails or a
/// safety rule says stop.
/// </summary>
public static class ApplySetOperation
{
    /// <summary>
    /// Takes the set in every cluster the routes go to. With <paramref name="write"/> false (plan,
    /// --dry-run=server) the parent is only read; else this run's lease and the namespaces are written
    /// before any route is applied, so that a run cut short leaves every member findable.
    /// </summary>
    /// <param name="create">Make the parent when there is none (apply); destroy takes only a set that exists.</param>
    public static async Task<IReadOnlyList<SetHold>> TakeSetAsync(
        this RouteRunner runner,
        ApplySet applySet,
        IReadOnlyList<RouteRequest> requests,
        bool write,
        DateTimeOffset now,
        CancellationToken cancellationToken,
        bool create = true)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var holds = new List<SetHold>();
        foreach (var batch in await runner.ClustersAsync(requests, cancellationToken).ConfigureAwait(false))
        {
            try
            {
                holds.Add(await TakeAsync(applySet, batch, write, create, now, cancellationToken).ConfigureAwait(false));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl-C: the holds taken so far are returned, so that they are given up; this one is not taken.
                var interrupted = new ClusterError(ClusterErrorKind.Interrupted, "interrupted; nothing was applied");
                holds.Add(new SetHold(applySet, batch, SetParent.Absent, null, interrupted));
                break;
            }
        }

        return holds;
    }

    /// <summary>
    /// Deletes, in every cluster, the members that no manifest of this run declares. Every cluster's
    /// members are listed first: when any listing fails, or there are more than --max-deletions, nothing
    /// is deleted anywhere. Before deleting in a cluster the run checks that it still holds the set.
    /// </summary>
    public static async Task<PruneReport> PruneAsync(
        this RouteRunner runner, IReadOnlyList<SetHold> holds, PruneSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(holds);
        ArgumentNullException.ThrowIfNull(settings);
        var errors = holds.Select(h => h.Error).OfType<ClusterError>().ToList();
        if (errors.Count > 0)
        {
            return new PruneReport([], errors, null);
        }

        if (!settings.AllowEmpty && holds.All(h => h.Cluster.Requests.Count == 0))
        {
            return new PruneReport(
                [], [], "no routes are declared, so prune would delete every member of the set; nothing was pruned "
                    + "(pass --prune-allow-empty if that is meant)");
        }

        var listed = await Task.WhenAll(holds.Select(h => CandidatesAsync(h, settings.FieldManager, cancellationToken)))
            .ConfigureAwait(false);
        errors = [.. listed.SelectMany(l => l.Errors)];
        if (errors.Count > 0)
        {
            return new PruneReport([], errors, null);
        }

        var total = listed.Sum(l => l.Members.Count);
        if (settings.MaxDeletions is { } max && total > max)
        {
            return new PruneReport(
                [], [], $"{total} routes would be pruned, more than --max-deletions {max}; nothing was pruned");
        }

        var routes = new ConcurrentBag<RouteResult<Destroyed>>();
        foreach (var (hold, candidates) in holds.Zip(listed))
        {
            if (candidates.Members.Count == 0)
            {
                continue;
            }

            if (settings.Mode == PruneMode.ListOnly)
            {
                foreach (var member in candidates.Members)
                {
                    routes.Add(RouteResult.Success(member.Route, new Destroyed(DestroyAction.Deleted)));
                }

                continue;
            }

            if (settings.Mode == PruneMode.Delete && await ConfirmAsync(hold, cancellationToken).ConfigureAwait(false) is { } lost)
            {
                errors.Add(lost);
                continue;
            }

            await DeleteAsync(runner, hold, candidates, settings.Mode == PruneMode.ServerDryRun, routes, cancellationToken)
                .ConfigureAwait(false);
        }

        var ordered = routes.OrderBy(r => r.Route.Namespace, StringComparer.Ordinal).ThenBy(r => r.Route.Name, StringComparer.Ordinal);
        return new PruneReport([.. ordered], errors, null) { NotApplied = [.. listed.SelectMany(l => l.NotApplied)] };
    }

    /// <summary>
    /// Gives the lease up in every cluster where this run still holds it. With <paramref name="shrink"/>
    /// (a prune that left no member outside the declared routes) the namespaces recorded become just
    /// those of the declared routes; otherwise they stay a superset, so no member is lost from sight.
    /// </summary>
    public static async Task<IReadOnlyList<ClusterError>> ReleaseSetAsync(
        this RouteRunner runner, IReadOnlyList<SetHold> holds, bool shrink, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(holds);
        var errors = new List<ClusterError>();
        foreach (var hold in holds.Where(h => h.Held?.Lease is not null))
        {
            // A server restarting as the run ends must not leave the set held for the lease's minutes: try for a while.
            // A conflict (the parent written between the read and the write) is tried again too: the read checks the run.
            for (var attempt = 1; ; attempt++)
            {
                var error = await ReleaseAsync(hold, shrink, now, cancellationToken).ConfigureAwait(false);
                if (error is null
                    || attempt == ReleaseAttempts
                    || error.Kind is not (ClusterErrorKind.Unreachable or ClusterErrorKind.Timeout or ClusterErrorKind.SetBusy))
                {
                    if (error is not null)
                    {
                        errors.Add(error with { Message = $"{error.Message}; {hold.Set.Parent} stays held until its lease expires" });
                    }

                    break;
                }

                await Task.Delay(ReleasePause, cancellationToken).ConfigureAwait(false);
            }
        }

        return errors;
    }

    private const int ReleaseAttempts = 10;

    /// <summary>10 attempts 3 s apart: a restart of the local API server takes 5-10 s here.</summary>
    private static readonly TimeSpan ReleasePause = TimeSpan.FromSeconds(3);

    private static async Task<ClusterError?> ReleaseAsync(
        SetHold hold, bool shrink, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var sets = hold.Cluster.Target!.Cluster.Sets;
        var read = await sets.ReadParentAsync(hold.Set, cancellationToken).ConfigureAwait(false);
        if (read.Error is not null || read.Value?.Lease?.Run != hold.Held!.Lease!.Run)
        {
            // Unreadable (said), or gone, or taken by another run since: nothing of ours to give up.
            return read.Error;
        }

        IReadOnlyCollection<string> namespaces = shrink
            ? [.. hold.Cluster.Requests.Select(r => r.Namespace).Append(hold.Set.Namespace).Distinct()]
            : hold.Namespaces;
        var released = hold.Held.Lease with { Expires = now };
        var written = await sets.WriteParentAsync(
            hold.Set, new SetParentUpdate(namespaces, released, read.Value.ResourceVersion), cancellationToken).ConfigureAwait(false);
        return written.Error;
    }

    /// <summary>
    /// destroy --applyset: every member of the set (whatever the manifests say), then the parent.
    /// The parent goes only when every member is gone, so that a failed destroy can be run again.
    /// </summary>
    public static async Task<(PruneReport Members, IReadOnlyList<RouteResult<Destroyed>> Parents)> DestroySetAsync(
        this RouteRunner runner, IReadOnlyList<SetHold> holds, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(holds);
        // A set with no parent in a cluster has nothing recorded there to destroy (a name mistyped, or destroyed already).
        var everything = holds.Where(h => h.Before.Exists).Select(h => h with { Cluster = h.Cluster with { Requests = [] } }).ToList();
        var members = await runner.PruneAsync(
            everything, new PruneSettings(dryRun ? PruneMode.ServerDryRun : PruneMode.Delete, null, AllowEmpty: true), cancellationToken)
            .ConfigureAwait(false);
        var parents = new List<RouteResult<Destroyed>>();
        if (!members.Complete || dryRun)
        {
            return (members, parents);
        }

        foreach (var hold in holds.Where(h => h.Held is not null))
        {
            // As it is now (prune's check may have written it), and only while this run holds it.
            var sets = hold.Cluster.Target!.Cluster.Sets;
            var key = new RouteKey(hold.Set.Namespace, hold.Set.Name);
            var read = await sets.ReadParentAsync(hold.Set, cancellationToken).ConfigureAwait(false);
            if (read.Value?.Lease?.Run != hold.Held!.Lease!.Run)
            {
                var lost = read.Error ?? new ClusterError(
                    ClusterErrorKind.SetBusy, $"{hold.Set.Parent} was taken by another openmcf run meanwhile; it was not deleted");
                parents.Add(RouteResult.Failure<Destroyed>(key, lost));
                continue;
            }

            var deleted = await sets.DeleteParentAsync(hold.Set, read.Value.ResourceVersion!, cancellationToken).ConfigureAwait(false);
            parents.Add(deleted.Value is { } value ? RouteResult.Success(key, value) : RouteResult.Failure<Destroyed>(key, deleted.Error!));
        }

        return (members, parents);
    }

    private static async Task<SetHold> TakeAsync(
        ApplySet applySet, ClusterBatch batch, bool write, bool create, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (batch.Target is not { } target)
        {
            return new SetHold(applySet, batch, SetParent.Absent, null, batch.Error);
        }

        var read = await target.Cluster.Sets.ReadParentAsync(applySet, cancellationToken).ConfigureAwait(false);
        if (read.Value is not { } before)
        {
            return new SetHold(applySet, batch, SetParent.Absent, null, read.Error);
        }

        if (before.Refusal(applySet) is { } refusal)
        {
            return new SetHold(applySet, batch, before, null, new ClusterError(ClusterErrorKind.SetRefused, refusal));
        }

        var hold = new SetHold(applySet, batch, before, null, null);
        if (!write || (!create && !before.Exists))
        {
            return hold;
        }

        if (before.Lease is { } lease && lease.IsLive(now))
        {
            return hold with
            {
                Error = new ClusterError(
                    ClusterErrorKind.SetBusy,
                    $"{applySet.Parent} is held by another openmcf run ({lease.Run} on {lease.Holder}) until "
                        + $"{lease.Expires.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC; nothing was applied: run again when it has ended"),
            };
        }

        var written = await target.Cluster.Sets.WriteParentAsync(
            applySet,
            new SetParentUpdate(hold.Namespaces, SetLease.New(now), before.ResourceVersion),
            cancellationToken).ConfigureAwait(false);
        if (written.Value is { } held)
        {
            return hold with { Held = held };
        }

        var message = written.Error!.Kind == ClusterErrorKind.SetBusy
            ? $"{applySet.Parent} is held by another openmcf run, which took it at the same moment; "
                + "nothing was applied: run again when it has ended"
            : $"{written.Error.Message}; nothing was applied";
        return hold with { Error = written.Error with { Message = message } };
    }

    /// <summary>The members of a cluster's set that no manifest declares, from one LIST per namespace by label.</summary>
    private static async Task<Candidates> CandidatesAsync(SetHold hold, string fieldManager, CancellationToken cancellationToken)
    {
        var target = hold.Cluster.Target!;
        var version = target.Served.FirstOrDefault(v => v == GatewayApi.DefaultVersion)
            ?? (target.Served.Count > 0 ? target.Served[0] : null);
        if (version is null)
        {
            // TCPRoute is not served at all: there can be no member.
            return new Candidates(string.Empty, [], []);
        }

        var declared = hold.Cluster.Requests.Select(r => r.Key).ToHashSet();
        var lists = await Task.WhenAll(
            hold.Namespaces.Select(ns => target.Cluster.Sets.ListMembersAsync(version, ns, hold.Set.Id, cancellationToken)))
            .ConfigureAwait(false);

        // The label selector already chose them; the label, and that openmcf's apply set it, are checked here,
        // so that only this set's members can ever go.
        var undeclared = lists.SelectMany(l => l.Value ?? []).Where(m => m.PartOf == hold.Set.Id && !declared.Contains(m.Route)).ToList();
        var members = undeclared.Where(m => m.AppliedInto(hold.Set.Id, fieldManager)).ToList();
        return new Candidates(version, members, [.. lists.Select(l => l.Error).OfType<ClusterError>()])
        {
            NotApplied = [.. undeclared.Except(members).Select(m => m.Route)],
        };
    }

    /// <summary>Null when this run still holds the set; else why prune must not go on in this cluster.</summary>
    private static async Task<ClusterError?> ConfirmAsync(SetHold hold, CancellationToken cancellationToken)
    {
        // The same parent again, on the condition that nobody wrote it since this run took it: a no-op when it holds.
        var held = hold.Held!;
        var confirmed = await hold.Cluster.Target!.Cluster.Sets.WriteParentAsync(
            hold.Set, new SetParentUpdate(held.Namespaces, held.Lease!, held.ResourceVersion), cancellationToken).ConfigureAwait(false);
        return confirmed.Error is { } error ? error with { Message = $"{error.Message}; nothing was pruned" } : null;
    }

    private static async Task DeleteAsync(
        RouteRunner runner,
        SetHold hold,
        Candidates candidates,
        bool dryRun,
        ConcurrentBag<RouteResult<Destroyed>> routes,
        CancellationToken cancellationToken)
    {
        var sets = hold.Cluster.Target!.Cluster.Sets;
        var options = new ParallelOptions
        {
            MaxDegreeOfParallelism = Math.Max(1, runner.Settings.Concurrency),
            CancellationToken = cancellationToken,
        };
        await Parallel.ForEachAsync(candidates.Members, options, async (member, ct) =>
        {
            var answer = await sets.DeleteMemberAsync(candidates.Version, member, dryRun, ct).ConfigureAwait(false);
            routes.Add(answer.Value is { } value
                ? RouteResult.Success(member.Route, value) with { Warnings = answer.Warnings }
                : RouteResult.Failure<Destroyed>(member.Route, answer.Error!));
        }).ConfigureAwait(false);
    }

    private sealed record Candidates(string Version, IReadOnlyList<SetMember> Members, IReadOnlyList<ClusterError> Errors)
    {
        public IReadOnlyList<RouteKey> NotApplied { get; init; } = [];
    }
}
