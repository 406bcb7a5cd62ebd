using OpenMcf.TcpRoute.Validation;

namespace OpenMcf.Cli.Reports;

/// <summary>One error or warning about a document or route, as the CI formats carry it.</summary>
/// <param name="Severity">Error or warning: decides whether the entry fails.</param>
/// <param name="Message">What is wrong, for a person; any text, the formats escape it.</param>
internal sealed record ReportFinding(Severity Severity, string Message)
{
    /// <summary>The field path, such as <c>spec.rules[0].backendRefs[0].port</c>; empty for the whole document.</summary>
    public string Path { get; init; } = string.Empty;

    /// <summary>A stable rule id (see <see cref="StricterRules"/>), when the finding has one: SARIF groups results by it.</summary>
    public string? Rule { get; init; }

    /// <summary>The file the finding is in, when not the entry's own (null: the entry's).</summary>
    public string? File { get; init; }

    /// <summary>1-based line of the field, null when unknown (then the entry's line is used).</summary>
    public int? Line { get; init; }

    /// <summary>1-based column of the field, null when unknown.</summary>
    public int? Column { get; init; }

    /// <summary>A validator's diagnostic as a finding, so that validate and check need no mapping of their own.</summary>
    public static ReportFinding From(Diagnostic diagnostic)
    {
        ArgumentNullException.ThrowIfNull(diagnostic);
        var location = diagnostic.Location;
        return new ReportFinding(diagnostic.Severity, diagnostic.Message)
        {
            Path = diagnostic.Path,
            Rule = diagnostic.Rule,
            File = location.File,

            // SourceLocation says "unknown" with 0; the reports say it with null.
            Line = location.Line > 0 ? location.Line : null,
            Column = location.Line > 0 && location.Column > 0 ? location.Column : null,
        };
    }
}
