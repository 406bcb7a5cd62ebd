using OpenMcf.Cli.Output;
using OpenMcf.Cli.Reports;
using OpenMcf.TcpRoute.Manifests;
using OpenMcf.TcpRoute.Mapping;
using OpenMcf.TcpRoute.Validation;

namespace OpenMcf.Cli.Commands;

/// <summary>Read and validate every input, and print what was found: the first two stages, shared by every command.</summary>
internal static class ManifestStage
{
    /// <param name="version">The TCPRoute version the routes will be rendered as, when already known (--api-version).</param>
    /// <param name="allowEmpty">Inputs that hold no routes are not an error (apply --prune --prune-allow-empty).</param>
    public static ValidatedBatch ReadAndValidate(CliConsole console, ManifestInputs inputs, string? version = null, bool allowEmpty = false)
    {
        var read = TcpRoute.Manifests.ManifestInputs.Load(inputs.Files, inputs.Recursive, console.In, inputs.Overrides);
        var batch = ValidatedBatch.From(read, version);
        batch = allowEmpty ? batch.AllowingEmpty() : batch;
        DiagnosticWriter.Write(console, batch.InputDiagnostics);
        foreach (var document in batch.Documents)
        {
            DiagnosticWriter.Write(console, document.Diagnostics);
        }

        return batch;
    }

    /// <summary>
    /// Reads and validates everything, then resolves every namespace: the routes ready for the
    /// cluster, or null (with the problems printed) when any input is wrong, so that nothing at
    /// all is sent.
    /// </summary>
    public static IReadOnlyList<RouteRequest>? Prepare(
        CliConsole console, ManifestInputs inputs, string? version = null, bool allowEmpty = false)
    {
        var batch = ReadAndValidate(console, inputs, version, allowEmpty);
        if (!batch.IsValid)
        {
            Record(console, batch, d => d.Diagnostics);
            ReportInvalid(console, batch, "nothing was applied");
            return null;
        }

        var prepared = RoutePreparation.Prepare(batch);
        var (requests, problems) = prepared;
        if (problems.Count > 0)
        {
            Record(
                console,
                batch,
                d => prepared.ProblemOf.TryGetValue(d.Document, out var problem) ? [.. d.Diagnostics, problem] : d.Diagnostics);
            DiagnosticWriter.Write(console, problems);
            DiagnosticWriter.Error(console, $"{problems.Count} error{(problems.Count == 1 ? string.Empty : "s")}; nothing was applied");
            return null;
        }

        if (requests.Count == 0 && !allowEmpty)
        {
            DiagnosticWriter.Error(console, "the inputs hold no KubernetesTcpRoute manifests, only manifests used for references");
            return null;
        }

        return requests;
    }

    /// <summary>
    /// Records every input and document with its problems (<paramref name="diagnosticsOf"/>: its own, and any across
    /// documents) for the CI reports: validate always, the other commands when the inputs stop them.
    /// </summary>
    public static void Record(CliConsole console, ValidatedBatch batch, Func<ValidatedDocument, IReadOnlyList<Diagnostic>> diagnosticsOf)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (console.Record is not { } record)
        {
            return;
        }

        foreach (var input in batch.InputDiagnostics)
        {
            record.Add(ReportEntries.ForInput(record.Command, input));
        }

        foreach (var document in batch.Documents)
        {
            record.Add(ReportEntries.ForDocument(record.Command, document, diagnosticsOf(document)));
        }
    }

    /// <summary>Names a document for one-line results: "file: name", with "#n" when the file holds several documents.</summary>
    public static string Describe(ManifestDocument document) =>
        document.Index == 0
            ? $"{document.Location.File}: {document.DisplayName}"
            : $"{document.Location.File}#{document.Index + 1}: {document.DisplayName}";

    public static void ReportInvalid(CliConsole console, ValidatedBatch batch, string consequence)
    {
        var invalid = batch.Documents.Count(d => !d.IsValid);
        var errors = batch.ErrorCount;
        var what = invalid > 0 ? $"{invalid} of {batch.Documents.Count} documents invalid, " : string.Empty;
        DiagnosticWriter.Error(console, $"{what}{errors} error{(errors == 1 ? string.Empty : "s")}; {consequence}");
    }
}
