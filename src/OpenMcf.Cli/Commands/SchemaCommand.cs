using System.CommandLine;
using OpenMcf.TcpRoute.Schema;

namespace OpenMcf.Cli.Commands;

/// <summary>openmcf schema: print the manifest's JSON Schema.</summary>
internal static class SchemaCommand
{
    public const string Examples = """
        openmcf schema > kubernetes-tcp-route.schema.json
        # then, first line of a manifest: # yaml-language-server: $schema=./kubernetes-tcp-route.schema.json
        """;

    public static Command Create(CliConsole console)
    {
        var command = new Command(
            "schema",
            "Print the JSON Schema of the KubernetesTcpRoute manifest, "
                + "for editors that validate and complete YAML (the YAML language server).");
        command.SetAction(_ =>
        {
            console.Out.Write(ManifestSchema.Text);
            return ExitCodes.Success;
        });
        return command;
    }
}
