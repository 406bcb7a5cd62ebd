using OpenMcf.Cli.Output;
using OpenMcf.TcpRoute.Cluster;
using OpenMcf.TcpRoute.Validation;

namespace OpenMcf.Cli.Reports;

/// <summary>The report entry of each thing a command reports on: a document, a checked route, a route's result.</summary>
internal static class ReportEntries
{
    /// <summary>A document as validate judged it (and apply, plan or check when the inputs were invalid).</summary>
    public static ReportEntry ForDocument(string command, ValidatedDocument document, IReadOnlyList<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var location = document.Document.Location;
        return new ReportEntry
        {
            Command = command,
            Name = document.Document.DisplayName,
            File = location.File,
            Line = location.Line,
            Column = location.Column,
            Action = diagnostics.Any(d => d.Severity == Severity.Error) ? "invalid" : "valid",
            Findings = [.. diagnostics.Select(ReportFinding.From)],
        };
    }

    /// <summary>An input that could not be read at all (a missing file, a folder without manifests).</summary>
    public static ReportEntry ForInput(string command, Diagnostic diagnostic)
    {
        ArgumentNullException.ThrowIfNull(diagnostic);
        return new ReportEntry
        {
            Command = command,
            Name = diagnostic.Location.File,
            File = diagnostic.Location.File,
            Action = "unreadable",
            Findings = [ReportFinding.From(diagnostic)],
        };
    }

    /// <summary>
    /// A route's result: what was done (the text output's word), or why it failed, with the server's causes; and what
    /// went wrong after (<paramref name="problems"/>: apply --wait's "not accepted"), as errors.
    /// </summary>
    public static ReportEntry ForRoute<T>(
        string command, string? context, RouteResult<T> result, string action, IEnumerable<string>? problems = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(result);
        IEnumerable<ReportFinding> findings = result.Error is { } error
            ? [new ReportFinding(Severity.Error, error.Message), .. ResultWriter.RejectedCauses(result).Select(ReportFinding.From)]
            : [];
        findings = findings.Concat((problems ?? []).Select(p => new ReportFinding(Severity.Error, p)));
        return Route(command, context, result, action, findings);
    }

    /// <summary>A route's preflight: its findings, or why the cluster could not be asked.</summary>
    public static ReportEntry ForChecked(string command, string? context, RouteResult<Checked> result)
    {
        ArgumentNullException.ThrowIfNull(result);
        IEnumerable<ReportFinding> findings =
        [
            .. result.Value?.Findings.Select(ReportFinding.From) ?? [],
            .. result.Error is { } error ? [new ReportFinding(Severity.Error, error.Message)] : Array.Empty<ReportFinding>(),
        ];
        return Route(command, context, result, result.HasErrors() ? "failed" : "ok", findings);
    }

    private static ReportEntry Route<T>(
        string command, string? context, RouteResult<T> result, string action, IEnumerable<ReportFinding> findings)
        where T : class
    {
        var location = result.Request?.Document.Location;
        return new ReportEntry
        {
            Command = command,
            Name = result.Route.Name,
            Namespace = result.Route.Namespace,
            Context = context,

            // A route found in the cluster (a pruned member) has no manifest: no file to point at.
            File = location?.File ?? string.Empty,
            Line = location?.Line,
            Column = location?.Column,
            Action = action,
            Findings = [.. findings],
        };
    }
}
