using System.CommandLine;
using System.Text.Json.Nodes;
using OpenMcf.Cli.Output;
using OpenMcf.TcpRoute.Mapping;

namespace OpenMcf.Cli.Commands;

internal enum DryRun
{
    None,
    Client,
    Server,
}

/// <summary>openmcf apply: read, validate and map every manifest, then server-side apply them.</summary>
internal static class ApplyCommand
{
    public const string Examples = """
        openmcf apply -f tcproute.yaml
        openmcf apply -f tcproute.yaml --dry-run=client -o yaml
        openmcf apply -f routes/ -R
        """;

    public static Command Create(CliConsole console)
    {
        var files = CommonOptions.Filename();
        var recursive = CommonOptions.Recursive();
        var output = CommonOptions.Output();
        var dryRun = CommonOptions.Choice(
            "--dry-run",
            "client: render the TCPRoutes offline and send nothing; server: let the API server validate and default without persisting; none: apply.",
            DryRun.None);
        var command = new Command("apply", "Validate KubernetesTcpRoute manifests, turn each into a Gateway API TCPRoute and server-side-apply it. Nothing is applied unless every document of every input is valid.")
        {
            files, recursive, output, dryRun,
        };
        command.SetAction(parseResult => ExitCodes.For(Handle(
            console,
            parseResult.GetRequiredValue(files),
            parseResult.GetValue(recursive),
            parseResult.GetValue(output),
            parseResult.GetValue(dryRun))));
        return command;
    }

    internal static Outcome Handle(CliConsole console, string[] files, bool recursive, OutputFormat output, DryRun dryRun)
    {
        var batch = ManifestStage.ReadAndValidate(console, files, recursive);
        if (!batch.IsValid)
        {
            ManifestStage.ReportInvalid(console, batch, "nothing was applied");
            return Outcome.InvalidInput;
        }

        var routes = new List<JsonObject>();
        var resolutionFailed = false;
        foreach (var document in batch.Documents)
        {
            var (ns, problem) = NamespaceResolver.Resolve(document.Document);
            if (problem is not null)
            {
                DiagnosticWriter.Write(console, [problem]);
                resolutionFailed = true;
                continue;
            }

            routes.Add(TcpRouteMapper.Map(document.Document.Manifest!, ns!));
        }

        if (resolutionFailed)
        {
            DiagnosticWriter.Error(console, "nothing was applied");
            return Outcome.InvalidInput;
        }

        if (dryRun != DryRun.Client)
        {
            DiagnosticWriter.Error(console, "applying to a cluster is not available yet; use --dry-run=client to render the TCPRoutes");
            return Outcome.ClusterError;
        }

        RenderWriter.Write(console, output, routes);
        return Outcome.Success;
    }
}
