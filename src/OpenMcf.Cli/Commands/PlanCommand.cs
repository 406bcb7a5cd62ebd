using System.CommandLine;
using OpenMcf.Cli.Fleet;
using OpenMcf.Cli.Output;
using OpenMcf.Cli.Reports;
using OpenMcf.TcpRoute.Cluster;
using OpenMcf.TcpRoute.Mapping;

namespace OpenMcf.Cli.Commands;

/// <summary>openmcf plan (preview, diff): what apply would change, from a server dry run against the live objects.</summary>
internal static class PlanCommand
{
    public const string Examples = """
        openmcf plan -f tcproute.yaml
        openmcf diff -f routes/ -R -o json
        openmcf plan -f tcproute.yaml && echo "nothing to do"
        openmcf plan -f routes/ --prune --applyset tcp-routes
        """;

    public static Command Create(CliConsole console)
    {
        var inputs = new InputOptions();
        var output = CommonOptions.Output();
        var cluster = new ClusterOptions();
        var fieldManager = new Option<string>("--field-manager")
        {
            Description = $"The field manager apply would use. (default: {ApplySettings.DefaultFieldManager})",
            DefaultValueFactory = _ => ApplySettings.DefaultFieldManager,
            HelpName = "name",
        };
        var command = new Command(
            "plan",
            "Show what apply would change, per manifest: create, unchanged, or a field-level diff of the managed fields. "
                + "Exit 0 when nothing would change, 6 when something would.")
        {
            output, fieldManager,
        };
        command.Aliases.Add("preview");
        command.Aliases.Add("diff");
        var set = new SetOptions(prune: true);
        set.AddTo(command, inputs, filesOptional: false);
        var ci = new CiOptions();
        ci.AddTo(command);
        ClusterOptions.AddTo(command, inputs, cluster);

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var ciSettings = ci.Read(parseResult);
            var reporting = CiOptions.Start(console, "plan", ciSettings);
            var outcome = await Handle(reporting, parseResult, cancellationToken).ConfigureAwait(false);
            return ExitCodes.For(RunReports.Finish(reporting, ciSettings, outcome, routeOutputs: false));
        });
        return command;

        async Task<Outcome> Handle(CliConsole console, ParseResult parseResult, CancellationToken cancellationToken)
        {
            var settings = cluster.Settings(parseResult, console);
            var setRequest = set.Read(parseResult, settings, out var problem);
            if (problem is not null)
            {
                DiagnosticWriter.Error(console, problem);
                return Outcome.UsageError;
            }

            var requests = ManifestStage.Prepare(
                console, inputs.Read(parseResult), settings.ApiVersion, allowEmpty: setRequest is { Prune: true, AllowEmpty: true });
            if (requests is null)
            {
                return Outcome.InvalidInput;
            }

            var fields = parseResult.GetRequiredValue(fieldManager);
            var outcome = await FleetRun.RunAsync(
                console,
                parseResult.GetValue(output),
                settings,
                cluster.Fleet(parseResult),
                requests,
                (WithoutRoutes: false, TakesSet: setRequest is not null),
                (run, ct) => SetRequest.TryIn(setRequest, run, out var set)
                    ? PlanClusterAsync(run, fields, set, ct)
                    : Task.FromResult(Outcome.UsageError),
                cancellationToken).ConfigureAwait(false);
            return outcome;
        }
    }

    /// <summary>One cluster's plan: what apply would do to each route, and with --prune what it would delete.</summary>
    private static async Task<Outcome> PlanClusterAsync(ClusterRun run, string fields, SetRequest? set, CancellationToken cancellationToken)
    {
        using var runner = new RouteRunner(run.Settings);
        using var progress = ProgressLine.Attach(run.Console, run.Output, runner);
        var results = await runner.PlanAsync(run.Requests, fields, cancellationToken, set?.ApplySet.Id).ConfigureAwait(false);
        var outcome = Outcome.Success;
        if (set is not null)
        {
            (var deletions, outcome) = await PlanSetAsync(run.Console, runner, run.Requests, set, fields, cancellationToken)
                .ConfigureAwait(false);
            results = [.. results, .. deletions];
        }

        ResultWriter.Write(run.Console, run.Output, new PlanResults(), results);
        return CommandOutcome.Worst([CommandOutcome.OfPlan(results), outcome]);
    }

    /// <summary>The set read, never written: which members --prune would delete.</summary>
    private static async Task<(IReadOnlyList<RouteResult<Planned>> Deletions, Outcome Outcome)> PlanSetAsync(
        CliConsole console,
        RouteRunner runner,
        IReadOnlyList<RouteRequest> requests,
        SetRequest set,
        string fieldManager,
        CancellationToken cancellationToken)
    {
        var holds = await runner.TakeSetAsync(set.ApplySet, requests, write: false, DateTimeOffset.UtcNow, cancellationToken)
            .ConfigureAwait(false);
        PruneReport? prune = null;
        if (set.Prune && holds.All(h => h.Error is null))
        {
            prune = await runner.PruneAsync(
                holds,
                new PruneSettings(PruneMode.ListOnly, set.MaxDeletions, set.AllowEmpty) { FieldManager = fieldManager },
                cancellationToken).ConfigureAwait(false);
        }

        foreach (var error in holds.Select(h => h.Error).OfType<ClusterError>().Distinct())
        {
            DiagnosticWriter.Error(console, error.Message);
        }

        SetWriter.WriteProblems(console, prune);

        var deletions = prune?.Routes.Select(r => RouteResult.Success(r.Route, new Planned(PlanAction.Delete, []))).ToList() ?? [];
        return (deletions, CommandOutcome.OfSet(holds, prune));
    }
}
