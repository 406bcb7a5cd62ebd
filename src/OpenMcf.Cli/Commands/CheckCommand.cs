using System.CommandLine;
using OpenMcf.Cli.Output;
using OpenMcf.TcpRoute.Cluster;

namespace OpenMcf.Cli.Commands;

/// <summary>openmcf check: the preflight checks alone, against the cluster, changing nothing.</summary>
internal static class CheckCommand
{
    public const string Examples = """
        openmcf check -f tcproute.yaml
        openmcf check -f routes/ -R -o json
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
        ClusterOptions.AddTo(command, inputs, cluster);

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var requests = ManifestStage.Prepare(console, inputs.Read(parseResult));
            if (requests is null)
            {
                return ExitCodes.For(Outcome.InvalidInput);
            }

            var settings = cluster.Settings(parseResult, console);
            using var runner = new RouteRunner(settings);
            var results = await runner.PreflightAsync(requests, cancellationToken).ConfigureAwait(false);
            results = parseResult.GetValue(strict) ? [.. results.Select(r => r.Strictly())] : results;
            PreflightWriter.WriteFindings(console, results);
            PreflightWriter.WriteSummary(console, parseResult.GetValue(output), results);
            return ExitCodes.For(CommandOutcome.OfPreflight(results));
        });
        return command;
    }
}
