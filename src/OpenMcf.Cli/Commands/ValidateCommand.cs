using System.CommandLine;
using System.Text.Json.Nodes;
using OpenMcf.Cli.Output;
using OpenMcf.TcpRoute.Mapping;
using OpenMcf.TcpRoute.Validation;

namespace OpenMcf.Cli.Commands;

/// <summary>openmcf validate: the read and validate stages only, offline.</summary>
internal static class ValidateCommand
{
    public const string Examples = """
        openmcf validate -f tcproute.yaml
        openmcf validate -f manifests/ -R
        cat tcproute.yaml | openmcf validate -f -
        openmcf validate -f tcproute.yaml -o json
        """;

    public static Command Create(CliConsole console)
    {
        var inputs = new InputOptions();
        var output = CommonOptions.Output();
        var command = new Command("validate", "Check KubernetesTcpRoute manifests offline: syntax, fields, and every rule the API server would enforce. Prints one line per document on stdout and every problem (file:line:column, field path) on stderr.")
        {
            output,
        };
        ClusterOptions.AddTo(command, inputs, null);

        command.SetAction(parseResult => ExitCodes.For(Handle(
            console,
            inputs.Read(parseResult),
            parseResult.GetValue(output))));
        return command;
    }

    internal static Outcome Handle(CliConsole console, ManifestInputs inputs, OutputFormat output)
    {
        var batch = ManifestStage.ReadAndValidate(console, inputs);

        // References that cannot be resolved, or duplicate routes, stop apply; validate warns, since
        // a KubernetesNamespace manifest may be given to apply alone.
        var crossDocument = batch.IsValid
            ? RoutePreparation.Prepare(batch).Problems.Select(p => p with { Severity = Severity.Warning }).ToList()
            : [];
        DiagnosticWriter.Write(console, crossDocument);
        switch (output)
        {
            case OutputFormat.Text:
                foreach (var document in batch.Documents)
                {
                    var errors = document.Diagnostics.Count(d => d.Severity == Severity.Error);
                    var verdict = errors == 0 ? "valid" : $"invalid ({errors} error{(errors == 1 ? string.Empty : "s")})";
                    if (document.Document.Reference is { } reference && errors == 0)
                    {
                        verdict = $"valid ({reference.Kind}, used for references only)";
                    }
                    console.Out.WriteLine($"{ManifestStage.Describe(document.Document)}: {verdict}");
                }

                break;
            case OutputFormat.Json:
                console.Out.WriteLine(ToJson(batch).ToJsonString(JsonOutput.Indented));
                break;
            case OutputFormat.Yaml:
                console.Out.Write(YamlText.Write([ToJson(batch)]));
                break;
        }

        if (batch.IsValid)
        {
            return Outcome.Success;
        }

        ManifestStage.ReportInvalid(console, batch, "fix them and run validate again");
        return Outcome.InvalidInput;
    }

    private static JsonObject ToJson(ValidatedBatch batch) => new()
    {
        ["valid"] = batch.IsValid,
        ["documents"] = new JsonArray(batch.Documents.Select(d => (JsonNode)new JsonObject
        {
            ["file"] = d.Document.Location.File,
            ["document"] = d.Document.Index + 1,
            ["line"] = d.Document.Location.Line,
            ["name"] = d.Document.Manifest?.Metadata?.Name,
            ["valid"] = d.IsValid,
            ["diagnostics"] = JsonOutput.Diagnostics(d.Diagnostics),
        }).ToArray<JsonNode?>()),
        ["inputErrors"] = JsonOutput.Diagnostics(batch.InputDiagnostics),
    };
}
