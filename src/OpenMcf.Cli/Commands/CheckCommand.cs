using System.CommandLine;
using OpenMcf.Cli.Fleet;
using OpenMcf.Cli.Output;
using OpenMcf.Cli.Reports;
using OpenMcf.TcpRoute.Cluster;

namespace OpenMcf.Cli.Commands;

/// <summary>openmcf check: the preflight checks alone, against the cluster, changing nothing.</summary>
internal static class CheckCommand
{
    public const string Examples = """
        openmcf check -f tcproute.yaml
        openmcf check -f routes/ -R -o json
        openmcf check -f routes/ --all-contexts
        """;

    public static Command Create(CliConsole console)
    {
        var inputs = new InputOptions();
        var output = CommonOptions.Output();
        var strict = CommonOptions.Strict();
        var cluster = new ClusterOptions();
        var command = new Command(
            "check",
            "Run the preflight checks against the cluster without applying: the namespace, each parent Gateway and a TCP listener "
                + "that admits the route, each backend Service and port, ReferenceGrants for backends in other namespaces. "
                + "Exit 0 when there are no errors (warnings allowed, unless --strict), 3 otherwise.")
        {
            output, strict,
        };
        var ci = new CiOptions();
        ci.AddTo(command);
        ClusterOptions.AddTo(command, inputs, cluster);

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var settings = ci.Read(parseResult);
            var reporting = CiOptions.Start(console, "check", settings);
            var outcome = await Handle(reporting, parseResult, cancellationToken).ConfigureAwait(false);
            return ExitCodes.For(RunReports.Finish(reporting, settings, outcome, routeOutputs: false));
        });
        return command;

        async Task<Outcome> Handle(CliConsole console, ParseResult parseResult, CancellationToken cancellationToken)
        {
            var requests = ManifestStage.Prepare(console, inputs.Read(parseResult));
            if (requests is null)
            {
                return Outcome.InvalidInput;
            }

            var strictly = parseResult.GetValue(strict);
            var outcome = await FleetRun.RunAsync(
                console,
                parseResult.GetValue(output),
                cluster.Settings(parseResult, console),
                cluster.Fleet(parseResult),
                requests,
                (WithoutRoutes: false, TakesSet: false),
                async (run, ct) =>
                {
                    using var runner = new RouteRunner(run.Settings);
                    var results = await runner.PreflightAsync(run.Requests, ct).ConfigureAwait(false);
                    results = strictly ? [.. results.Select(r => r.Strictly())] : results;
                    PreflightWriter.WriteFindings(run.Console, results);
                    PreflightWriter.WriteSummary(run.Console, run.Output, results);
                    return CommandOutcome.OfPreflight(results);
                },
                cancellationToken).ConfigureAwait(false);
            return outcome;
        }
    }
}
