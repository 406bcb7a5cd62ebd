using System.CommandLine;
using System.Text.Json.Nodes;
using OpenMcf.Cli.Output;
using OpenMcf.Cli.Reports;
using OpenMcf.TcpRoute;
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
        openmcf validate -f tcproute.yaml --api-version v1
        """;

    public static Command Create(CliConsole console)
    {
        var inputs = new InputOptions();
        var output = CommonOptions.Output();
        var apiVersion = new Option<string>("--api-version")
        {
            Description = "The TCPRoute version to check the routes against: v1alpha2, "
                + "or v1 (one rule; checked against the standard channel, so that it applies on either). (default: v1alpha2)",
            HelpName = "v1alpha2|v1",
            DefaultValueFactory = _ => GatewayApi.DefaultVersion,
        };
        apiVersion.AcceptOnlyFromAmong(GatewayApi.DefaultVersion, GatewayApi.V1);
        var command = new Command(
            "validate",
            "Check KubernetesTcpRoute manifests offline: syntax, fields, and every rule the API server would enforce. "
                + "Prints one line per document on stdout and every problem (file:line:column, field path) on stderr.")
        {
            output, apiVersion,
        };
        var ci = new CiOptions();
        ci.AddTo(command);
        ClusterOptions.AddTo(command, inputs, null);

        command.SetAction(parseResult =>
        {
            var settings = ci.Read(parseResult);
            var reporting = CiOptions.Start(console, "validate", settings);
            var outcome = Handle(reporting, inputs.Read(parseResult), parseResult.GetValue(output), parseResult.GetValue(apiVersion));
            return ExitCodes.For(RunReports.Finish(reporting, settings, outcome, routeOutputs: false));
        });
        return command;
    }

    internal static Outcome Handle(CliConsole console, ManifestInputs inputs, OutputFormat output, string? version = null)
    {
        var batch = ManifestStage.ReadAndValidate(console, inputs, version);

        // A reference to a manifest that is not among the inputs stops apply, but validate only warns:
        // the KubernetesNamespace manifest may be given to apply alongside. Every other problem across
        // documents (an invalid resolved namespace, the same route twice) is an error here as there.
        var prepared = batch.IsValid ? RoutePreparation.Prepare(batch) : null;
        var crossDocument = prepared?.Problems
            .Select(p => prepared.Unresolved.Contains(p) ? p with { Severity = Severity.Warning } : p)
            .ToList() ?? [];
        DiagnosticWriter.Write(console, crossDocument);
        ManifestStage.Record(console, batch, d => Diagnostics(d, prepared));
        switch (output)
        {
            case OutputFormat.Text:
                foreach (var document in batch.Documents)
                {
                    var errors = Diagnostics(document, prepared).Count(d => d.Severity == Severity.Error);
                    var verdict = errors == 0 ? "valid" : $"invalid ({errors} error{(errors == 1 ? string.Empty : "s")})";
                    if (document.Document.Reference is { } reference && errors == 0)
                    {
                        verdict = $"valid ({reference.Kind}, used for references only)";
                    }
                    console.Out.WriteLine($"{ManifestStage.Describe(document.Document)}: {verdict}");
                }

                break;
            case OutputFormat.Json:
                console.Out.WriteLine(ToJson(batch, prepared).ToJsonString(JsonOutput.Indented));
                break;
            case OutputFormat.Yaml:
                console.Out.Write(YamlText.Write([ToJson(batch, prepared)]));
                break;
        }

        var crossErrors = crossDocument.Count(d => d.Severity == Severity.Error);
        if (batch.IsValid && crossErrors == 0)
        {
            return Outcome.Success;
        }

        if (batch.IsValid)
        {
            DiagnosticWriter.Error(
                console, $"{crossErrors} error{(crossErrors == 1 ? string.Empty : "s")} across documents; fix them and run validate again");
            return Outcome.InvalidInput;
        }

        ManifestStage.ReportInvalid(console, batch, "fix them and run validate again");
        return Outcome.InvalidInput;
    }

    private static JsonObject ToJson(ValidatedBatch batch, PreparedRoutes? prepared) => new()
    {
        ["valid"] = batch.IsValid && batch.Documents.All(d => Diagnostics(d, prepared).All(x => x.Severity != Severity.Error)),
        ["documents"] = new JsonArray(batch.Documents.Select(d => (JsonNode)new JsonObject
        {
            ["file"] = d.Document.Location.File,
            ["document"] = d.Document.Index + 1,
            ["line"] = d.Document.Location.Line,
            ["name"] = d.Document.Manifest?.Metadata?.Name,
            ["valid"] = Diagnostics(d, prepared).All(x => x.Severity != Severity.Error),
            ["diagnostics"] = JsonOutput.Diagnostics(Diagnostics(d, prepared)),
        }).ToArray<JsonNode?>()),
        ["inputErrors"] = JsonOutput.Diagnostics(batch.InputDiagnostics),
    };

    /// <summary>A document's own diagnostics and its problem across documents, as validate reports it.</summary>
    private static IReadOnlyList<Diagnostic> Diagnostics(ValidatedDocument document, PreparedRoutes? prepared) =>
        prepared?.ProblemOf.TryGetValue(document.Document, out var problem) == true
            ? [.. document.Diagnostics, prepared.Unresolved.Contains(problem) ? problem with { Severity = Severity.Warning } : problem]
            : document.Diagnostics;
}
