using System.CommandLine;
using OpenMcf.Cli.Output;
using OpenMcf.TcpRoute.Cluster;

namespace OpenMcf.Cli.Commands;

/// <summary>openmcf destroy (delete): delete the TCPRoutes the manifests describe.</summary>
internal static class DestroyCommand
{
    public const string Examples = """
        openmcf destroy -f tcproute.yaml
        openmcf delete -f routes/ -R --dry-run=server
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
            "Delete the TCPRoutes that the manifests describe. A route that is already gone is reported as absent, not as an error.")
        {
            output, dryRun,
        };
        command.Aliases.Add("delete");
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
            var requests = ManifestStage.Prepare(console, inputs.Read(parseResult));
            if (requests is null)
            {
                return ExitCodes.For(Outcome.InvalidInput);
            }

            using var runner = new RouteRunner(settings);
            var results = await runner.DestroyAsync(requests, mode == DryRun.Server, cancellationToken).ConfigureAwait(false);
            ResultWriter.Write(console, parseResult.GetValue(output), new DestroyResults(mode == DryRun.Server), results);
            return ExitCodes.For(CommandOutcome.Of(results));
        });
        return command;
    }
}
