using System.CommandLine;
using OpenMcf.Cli.Output;
using OpenMcf.TcpRoute.Cluster;

namespace OpenMcf.Cli.Commands;

/// <summary>openmcf plan (preview, diff): what apply would change, from a server dry run against the live objects.</summary>
internal static class PlanCommand
{
    public const string Examples = """
        openmcf plan -f tcproute.yaml
        openmcf diff -f routes/ -R -o json
        openmcf plan -f tcproute.yaml && echo "nothing to do"
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
        ClusterOptions.AddTo(command, inputs, cluster);

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var settings = cluster.Settings(parseResult, console);
            var requests = ManifestStage.Prepare(console, inputs.Read(parseResult), settings.ApiVersion);
            if (requests is null)
            {
                return ExitCodes.For(Outcome.InvalidInput);
            }

            using var runner = new RouteRunner(settings);
            var results = await runner.PlanAsync(requests, parseResult.GetRequiredValue(fieldManager), cancellationToken)
                .ConfigureAwait(false);
            ResultWriter.Write(console, parseResult.GetValue(output), new PlanResults(), results);
            return ExitCodes.For(CommandOutcome.OfPlan(results));
        });
        return command;
    }
}
