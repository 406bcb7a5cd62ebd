using System.CommandLine;
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
        var dryRun = CommonOptions.Choice(
            "--dry-run", "server: let the API server check the deletion without doing it; none: delete.", DryRun.None);
        var command = new Command(
            "destroy",
            "Delete the TCPRoutes that the manifests describe, or with --applyset every member of the set and then its parent. "
                + "A route that is already gone is reported as absent, not as an error.")
        {
            output, dryRun,
        };
        command.Aliases.Add("delete");
        var set = new SetOptions(prune: false);
        foreach (var option in set.All)
        {
            command.Options.Add(option);
        }

        inputs.Files.Required = false;
        inputs.Files.Description += " Optional with --applyset.";
        ClusterOptions.AddTo(command, inputs, cluster);

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var mode = parseResult.GetValue(dryRun);
            if (mode == DryRun.Client)
            {
                DiagnosticWriter.Error(console, "destroy has no client dry run; use --dry-run=server");
                return ExitCodes.UsageError;
            }

            var settings = cluster.Settings(parseResult, console);
            var setRequest = set.Read(parseResult, settings, out var problem);
            var files = inputs.Read(parseResult);
            problem ??= setRequest is null && files.Files.Length == 0
                ? "destroy needs -f FILE (the routes to delete) or --applyset NAME"
                : null;
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

            using var runner = new RouteRunner(settings);
            using var progress = ProgressLine.Attach(console, parseResult.GetValue(output), runner);
            var serverDryRun = mode == DryRun.Server;
            var results = await runner.DestroyAsync(requests, serverDryRun, cancellationToken).ConfigureAwait(false);
            var outcome = Outcome.Success;
            if (setRequest is not null)
            {
                (var members, outcome) = await DestroySetAsync(
                    console, runner, requests, setRequest.ApplySet, serverDryRun, cancellationToken).ConfigureAwait(false);
                results = [.. results, .. members];
            }

            ResultWriter.Write(console, parseResult.GetValue(output), new DestroyResults(serverDryRun), results);
            return ExitCodes.For(CommandOutcome.Worst([CommandOutcome.Of(results), outcome]));
        });
        return command;
    }

    /// <summary>Every member of the set, then (when all are gone) its parent; the set is held meanwhile.</summary>
    private static async Task<(IReadOnlyList<RouteResult<Destroyed>> Members, Outcome Outcome)> DestroySetAsync(
        CliConsole console,
        RouteRunner runner,
        IReadOnlyList<RouteRequest> requests,
        ApplySet applySet,
        bool dryRun,
        CancellationToken cancellationToken)
    {
        var holds = await runner.TakeSetAsync(applySet, requests, write: !dryRun, DateTimeOffset.UtcNow, cancellationToken)
            .ConfigureAwait(false);
        PruneReport? members = null;
        IReadOnlyList<RouteResult<Destroyed>> parents = [];
        IReadOnlyList<ClusterError> released = [];
        try
        {
            if (holds.All(h => h.Error is null))
            {
                (members, parents) = await runner.DestroySetAsync(holds, dryRun, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            // A parent deleted needs no release; one left (a member could not be deleted) is given up for the next run.
            if (parents.Count == 0 || parents.Any(p => p.Failed))
            {
                released = await runner.ReleaseSetAsync(holds, shrink: false, DateTimeOffset.UtcNow, CancellationToken.None)
                    .ConfigureAwait(false);
            }
        }

        var errors = holds.Select(h => h.Error).Concat(members?.Errors ?? []).Concat(parents.Select(p => p.Error)).Concat(released);
        foreach (var error in errors.OfType<ClusterError>().Distinct())
        {
            DiagnosticWriter.Error(console, error.Message);
        }

        foreach (var parent in parents.Where(p => !p.Failed))
        {
            var what = parent.Value!.Action == DestroyAction.Deleted ? "deleted" : "already absent";
            console.Error.WriteLine($"note: the set's parent {applySet.Parent} {what}");
        }

        var outcome = CommandOutcome.Worst([CommandOutcome.OfSet(holds, members, released), CommandOutcome.Of(parents)]);
        return (members?.Routes ?? [], outcome);
    }
}
