using System.CommandLine;
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

            var format = new StatusResults();
            var manager = parseResult.GetRequiredValue(fieldManager);
            Shown? last = null;
            var outcome = Outcome.Success;
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (parseResult.GetValue(timeout) is { } limit && limit > TimeSpan.Zero)
            {
                deadline.CancelAfter(limit);
            }

            do
            {
                // A fresh runner each time: its reads are cached for one look only.
                using (var runner = new RouteRunner(settings))
                {
                    var report = await runner.StatusAsync(requests, manager, setRequest?.ApplySet, cancellationToken).ConfigureAwait(false);
                    var shown = Render(console, parseResult.GetValue(output), format, report);
                    if (shown != last)
                    {
                        console.Out.Write(shown.Stdout);
                        console.Error.Write(shown.Stderr);
                        last = shown;
                    }

                    outcome = CommandOutcome.OfStatus(report);
                }
            }
            while (parseResult.GetValue(watch) && await Pause(deadline.Token).ConfigureAwait(false));

            return ExitCodes.For(cancellationToken.IsCancellationRequested ? Outcome.Interrupted : outcome);
        });
        return command;
    }

    /// <summary>What one look prints, rendered apart so that --watch prints only when it changed.</summary>
    private static Shown Render(CliConsole console, OutputFormat output, StatusResults format, StatusReport report)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var captured = console with { Out = stdout, Error = stderr };
        foreach (var error in report.Errors.Distinct())
        {
            DiagnosticWriter.Error(captured, error.Message);
        }

        ResultWriter.Write(captured, output, format, report.Routes);
        return new Shown(stdout.ToString(), stderr.ToString());
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
