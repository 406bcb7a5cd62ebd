using OpenMcf.TcpRoute.Validation;

namespace OpenMcf.Cli.Reports;

/// <summary>
/// One document (validate) or route (check, plan, apply) in a CI report: what was done to it and what was found.
/// The commands fill these; <see cref="JUnitReport"/>, <see cref="SarifReport"/>, <see cref="WorkflowCommands"/> and
/// <see cref="StepSummary"/> only read them, so each format is tested without a cluster.
/// </summary>
internal sealed record ReportEntry
{
    /// <summary>The command, such as "validate" or "apply": names the JUnit suite and the SARIF run's category.</summary>
    public required string Command { get; init; }

    /// <summary>The route's name, or "file#2" for a document that has none: what a reader looks for.</summary>
    public required string Name { get; init; }

    /// <summary>The route's namespace when known: a name alone is ambiguous across namespaces.</summary>
    public string? Namespace { get; init; }

    /// <summary>The kubeconfig context the route went to, when a cluster was asked: one run can span clusters.</summary>
    public string? Context { get; init; }

    /// <summary>The manifest file as given ("-" for stdin): where annotations and SARIF results point.</summary>
    public required string File { get; init; }

    /// <summary>1-based line of the document or route in <see cref="File"/>, null when unknown.</summary>
    public int? Line { get; init; }

    /// <summary>1-based column, null when unknown.</summary>
    public int? Column { get; init; }

    /// <summary>What happened, in the command's own word ("valid", "created", "unchanged"): shown as is.</summary>
    public required string Action { get; init; }

    /// <summary>Errors and warnings about this entry, in the order found.</summary>
    public IReadOnlyList<ReportFinding> Findings { get; init; } = [];

    /// <summary>
    /// "namespace/name", or the name alone, with the kube context when there is one ("app/db (prod)"): the JUnit case
    /// name and the SARIF message, so that one route in two clusters is two cases that CI tools do not merge.
    /// </summary>
    public string DisplayName => (Namespace is null ? Name : $"{Namespace}/{Name}") + (Context is null ? string.Empty : $" ({Context})");

    /// <summary>Read from the findings, so the two can never disagree: any error fails, warnings alone only warn.</summary>
    public ReportOutcome Outcome =>
        Findings.Any(f => f.Severity == Severity.Error) ? ReportOutcome.Failed
        : Findings.Count > 0 ? ReportOutcome.WarningsOnly
        : ReportOutcome.Passed;

    /// <summary>
    /// Where a finding points: its own file and line when it has them, else the entry's. A line of 0 or less is
    /// unknown, and so is a column without a line.
    /// </summary>
    public (string File, int? Line, int? Column) LocationOf(ReportFinding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var (file, line, column) = finding.File is not null || finding.Line is not null
            ? (finding.File ?? File, finding.Line, finding.Column)
            : (File, Line, Column);
        var knownLine = line is > 0 ? line : null;
        return (file, knownLine, knownLine is null || column is not > 0 ? null : column);
    }

    /// <summary>The entry's own place, with the same rules as <see cref="LocationOf"/>.</summary>
    public (string File, int? Line, int? Column) Location =>
        (File, Line is > 0 ? Line : null, Line is > 0 && Column is > 0 ? Column : null);
}
