using System.CommandLine;
using OpenMcf.Cli.Fleet;
using OpenMcf.Cli.Output;
using OpenMcf.TcpRoute.Cluster;

namespace OpenMcf.Cli.Commands;

/// <summary>openmcf status: how the declared routes (and a set's members) stand in the cluster; reads only.</summary>
internal static class StatusCommand
{
    public const string Examples = """
        openmcf status -f routes/
        openmcf status --applyset tcp-routes -o json
        openmcf status -f routes/ --applyset tcp-routes --watch --timeout 5m
        """;

    /// <summary>How often --watch reads again: a LIST per namespace from the API server's cache, cheap at this pace.</summary>
    private static readonly TimeSpan WatchInterval = TimeSpan.FromSeconds(2);

    public static Command Create(CliConsole console)
    {
        var inputs = new InputOptions();
        var output = CommonOptions.Output();
        var cluster = new ClusterOptions();
        var set = new SetOptions(prune: false);
        var fieldManager = new Option<string>("--field-manager")
        {
            Description = "The field manager apply uses: a declared field another manager owns is drift. "
                + $"(default: {ApplySettings.DefaultFieldManager})",
            DefaultValueFactory = _ => ApplySettings.DefaultFieldManager,
            HelpName = "name",
        };
        var watch = new Option<bool>("--watch", "-w")
        {
            Description = "Print again whenever anything changes, until --timeout or Ctrl-C.",
        };
        var timeout = CommonOptions.Duration(
            "--timeout", "How long --watch watches (5m, 90s; 0: until Ctrl-C). (default: 0)", TimeSpan.Zero, allowZero: true);
        var command = new Command(
            "status",
            "Show, for each route of the manifests (-f) and of a set (--applyset), whether it exists, which field managers own it, "
                + "how it drifted from its manifest (values that differ, fields another manager took) and what each parent Gateway "
                + "reports (Accepted, ResolvedRefs). Exit 0 when every route is present, as declared and accepted; 5 otherwise.")
        {
            output, fieldManager, watch, timeout,
        };
        set.AddTo(command, inputs, filesOptional: true);
        ClusterOptions.AddTo(command, inputs, cluster);

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var settings = cluster.Settings(parseResult, console);
            var (setRequest, files) = set.ReadWithInputs(
                parseResult, settings, inputs, "status needs -f FILE (the routes to look at)", out var problem);
            if (problem is not null)
            {
                DiagnosticWriter.Error(console, problem);
                return ExitCodes.UsageError;
            }

            var requests = files.Files.Length == 0 ? [] : ManifestStage.Prepare(console, files, settings.ApiVersion);
            if (requests is null)
            {
                return ExitCodes.For(Outcome.InvalidInput);
            }

            var manager = parseResult.GetRequiredValue(fieldManager);
            var fleet = cluster.Fleet(parseResult);
            Shown? last = null;
            var outcome = Outcome.Success;
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (parseResult.GetValue(timeout) is { } limit && limit > TimeSpan.Zero)
            {
                deadline.CancelAfter(limit);
            }

            do
            {
                // Rendered apart, so that --watch prints only when something changed.
                using var stdout = new StringWriter();
                using var stderr = new StringWriter();
                outcome = await FleetRun.RunAsync(
                    console with { Out = stdout, Error = stderr },
                    parseResult.GetValue(output),
                    settings,
                    fleet,
                    requests,
                    (WithoutRoutes: setRequest is not null, TakesSet: false),
                    (run, ct) => SetRequest.TryIn(setRequest, run, out var set)
                        ? LookAsync(run, manager, set, ct)
                        : Task.FromResult(Outcome.UsageError),
                    cancellationToken).ConfigureAwait(false);
                var shown = new Shown(stdout.ToString(), stderr.ToString());
                if (shown != last)
                {
                    console.Out.Write(shown.Stdout);
                    console.Error.Write(shown.Stderr);
                    last = shown;
                }
            }
            while (parseResult.GetValue(watch) && await Pause(deadline.Token).ConfigureAwait(false));

            return ExitCodes.For(cancellationToken.IsCancellationRequested ? Outcome.Interrupted : outcome);
        });
        return command;
    }

    /// <summary>One look at one cluster; a fresh runner each time, since its reads are cached for one look only.</summary>
    private static async Task<Outcome> LookAsync(ClusterRun run, string manager, SetRequest? set, CancellationToken cancellationToken)
    {
        using var runner = new RouteRunner(run.Settings);
        var report = await runner.StatusAsync(run.Requests, manager, set?.ApplySet, cancellationToken).ConfigureAwait(false);
        foreach (var error in report.Errors.Distinct())
        {
            DiagnosticWriter.Error(run.Console, error.Message);
        }

        ResultWriter.Write(run.Console, run.Output, new StatusResults(), report.Routes);
        return CommandOutcome.OfStatus(report);
    }

    private static async Task<bool> Pause(CancellationToken token)
    {
        try
        {
            await Task.Delay(WatchInterval, token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private sealed record Shown(string Stdout, string Stderr);
}
