using System.CommandLine;
using OpenMcf.Cli.Fleet;
using OpenMcf.Cli.Output;
using OpenMcf.TcpRoute.Cluster;
using OpenMcf.TcpRoute.Mapping;

namespace OpenMcf.Cli.Commands;

/// <summary>openmcf destroy (delete): delete the TCPRoutes the manifests describe.</summary>
internal static class DestroyCommand
{
    public const string Examples = """
        openmcf destroy -f tcproute.yaml
        openmcf delete -f routes/ -R --dry-run=server
        openmcf destroy --applyset tcp-routes
        """;

    public static Command Create(CliConsole console)
    {
        var inputs = new InputOptions();
        var output = CommonOptions.Output();
        var cluster = new ClusterOptions();
        var dryRun = CommonOptions.ChoiceOf(
            "--dry-run",
            "server: let the API server check the deletion without doing it; none: delete.",
            DryRun.None,
            [DryRun.None, DryRun.Server]);
        var command = new Command(
            "destroy",
            "Delete the TCPRoutes that the manifests describe, or with --applyset every member of the set and then its parent. "
                + "A route that is already gone is reported as absent, not as an error.")
        {
            output, dryRun,
        };
        command.Aliases.Add("delete");
        var set = new SetOptions(prune: false);
        set.AddTo(command, inputs, filesOptional: true);
        ClusterOptions.AddTo(command, inputs, cluster);

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var mode = parseResult.GetValue(dryRun);
            var settings = cluster.Settings(parseResult, console);
            var (setRequest, files) = set.ReadWithInputs(
                parseResult, settings, inputs, "destroy needs -f FILE (the routes to delete)", out var problem);
            if (problem is not null)
            {
                DiagnosticWriter.Error(console, problem);
                return ExitCodes.UsageError;
            }

            var requests = files.Files.Length == 0 ? [] : ManifestStage.Prepare(console, files);
            if (requests is null)
            {
                return ExitCodes.For(Outcome.InvalidInput);
            }

            var serverDryRun = mode == DryRun.Server;
            var outcome = await FleetRun.RunAsync(
                console,
                parseResult.GetValue(output),
                settings,
                cluster.Fleet(parseResult),
                requests,
                (WithoutRoutes: setRequest is not null, TakesSet: false),
                (run, ct) => SetRequest.TryIn(setRequest, run, out var set)
                    ? DestroyClusterAsync(run, set, serverDryRun, ct)
                    : Task.FromResult(Outcome.UsageError),
                cancellationToken).ConfigureAwait(false);
            return ExitCodes.For(outcome);
        });
        return command;
    }

    /// <summary>One cluster's share: its routes deleted, or with --applyset the set's members and parent too.</summary>
    private static async Task<Outcome> DestroyClusterAsync(
        ClusterRun run, SetRequest? set, bool serverDryRun, CancellationToken cancellationToken)
    {
        using var runner = new RouteRunner(run.Settings);
        using var progress = ProgressLine.Attach(run.Console, run.Output, runner);
        var (results, outcome) = set is null
            ? (await runner.DestroyAsync(run.Requests, serverDryRun, cancellationToken).ConfigureAwait(false), Outcome.Success)
            : await DestroySetAsync(run.Console, runner, run.Requests, set.ApplySet, serverDryRun, cancellationToken).ConfigureAwait(false);
        ResultWriter.Write(run.Console, run.Output, new DestroyResults(serverDryRun), results);
        return CommandOutcome.Worst([CommandOutcome.Of(results), outcome]);
    }

    /// <summary>
    /// With a set: the set taken first (so that nothing at all is deleted where it is refused or held by another
    /// run), then the manifests' routes, then every member of the set and, when all are gone, its parent.
    /// </summary>
    private static async Task<(IReadOnlyList<RouteResult<Destroyed>> Results, Outcome Outcome)> DestroySetAsync(
        CliConsole console,
        RouteRunner runner,
        IReadOnlyList<RouteRequest> requests,
        ApplySet applySet,
        bool dryRun,
        CancellationToken cancellationToken)
    {
        IReadOnlyList<SetHold> holds = [];
        IReadOnlyList<RouteResult<Destroyed>> routes = [];
        PruneReport? members = null;
        IReadOnlyList<RouteResult<Destroyed>> parents = [];
        try
        {
            holds = await runner.TakeSetAsync(applySet, requests, write: !dryRun, DateTimeOffset.UtcNow, cancellationToken, create: false)
                .ConfigureAwait(false);
            if (holds.All(h => h.Error is null))
            {
                routes = await runner.DestroyAsync(requests, dryRun, cancellationToken).ConfigureAwait(false);
                (members, parents) = await runner.DestroySetAsync(holds, dryRun, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            // A parent left (a member could not be deleted) is given up for the next run; a deleted one has nothing to give up.
            var released = await runner.ReleaseSetAsync(holds, shrink: false, DateTimeOffset.UtcNow, CancellationToken.None)
                .ConfigureAwait(false);
            foreach (var error in released)
            {
                DiagnosticWriter.Warning(console, error.Message);
            }
        }

        foreach (var error in holds.Select(h => h.Error).Concat(parents.Select(p => p.Error)).OfType<ClusterError>().Distinct())
        {
            DiagnosticWriter.Error(console, error.Message);
        }

        SetWriter.WriteProblems(console, members);
        if (holds.Any(h => h.Error is null && !h.Before.Exists))
        {
            console.Error.WriteLine(
                $"note: there is no set {applySet.Name}: {applySet.Parent} does not exist, so no member was looked for");
        }

        foreach (var parent in parents.Where(p => !p.Failed))
        {
            var what = parent.Value!.Action == DestroyAction.Deleted ? "deleted" : "already absent";
            console.Error.WriteLine($"note: the set's parent {applySet.Parent} {what}");
        }

        var outcome = CommandOutcome.Worst([CommandOutcome.OfSet(holds, members), CommandOutcome.Of(parents)]);
        return ([.. routes, .. members?.Routes ?? []], CommandOutcome.Worst([outcome, CommandOutcome.Of(routes)]));
    }
}
