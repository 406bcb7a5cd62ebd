using OpenMcf.Cli.Reports;
using OpenMcf.TcpRoute.Manifests;
using OpenMcf.TcpRoute.Validation;

namespace OpenMcf.TcpRoute.Tests.Cli.Reports;

/// <summary>The model the formats read: an outcome that follows the findings, and where each finding points.</summary>
public class ReportEntryTests
{
    [Theory]
    [InlineData("", "Passed")]
    [InlineData("w", "WarningsOnly")]
    [InlineData("ww", "WarningsOnly")]
    [InlineData("e", "Failed")]
    [InlineData("we", "Failed")]
    [InlineData("ew", "Failed")]
    public void The_outcome_follows_the_findings(string severities, string outcome)
    {
        var entry = ReportSamples.Valid() with
        {
            Findings = [.. severities.Select(s => new ReportFinding(s == 'e' ? Severity.Error : Severity.Warning, "m"))],
        };
        Assert.Equal(Enum.Parse<ReportOutcome>(outcome), entry.Outcome);
    }

    [Fact]
    public void The_display_name_has_the_namespace_and_the_context_when_there_are()
    {
        Assert.Equal("cache/redis (kind-dev)", ReportSamples.Warned().DisplayName);
        Assert.Equal("cache/redis", (ReportSamples.Warned() with { Context = null }).DisplayName);
        Assert.Equal("app/postgres", ReportSamples.Valid().DisplayName);
        Assert.Equal("redis", (ReportSamples.Warned() with { Namespace = null, Context = null }).DisplayName);
    }

    [Theory]

    // A finding with a line of its own points there; the entry's file stays when it names none.
    [InlineData(null, 20, 15, "routes/bad.yaml", 20, 15)]
    [InlineData("other.yaml", 3, null, "other.yaml", 3, null)]

    // A finding with no place of its own points at the entry.
    [InlineData(null, null, null, "routes/bad.yaml", 12, 1)]
    [InlineData(null, null, 9, "routes/bad.yaml", 12, 1)]

    // A file of its own without a line is that file as a whole, not the entry's line in it.
    [InlineData("other.yaml", null, null, "other.yaml", null, null)]

    // Line 0 is unknown, and a column without a line points nowhere.
    [InlineData(null, 0, 7, "routes/bad.yaml", null, null)]
    [InlineData(null, 5, 0, "routes/bad.yaml", 5, null)]
    public void A_finding_points_at_its_own_place_else_at_the_entry(
        string? findingFile, int? findingLine, int? findingColumn, string file, int? line, int? column)
    {
        var finding = new ReportFinding(Severity.Error, "m") { File = findingFile, Line = findingLine, Column = findingColumn };
        Assert.Equal((file, line, column), ReportSamples.Invalid().LocationOf(finding));
    }

    [Fact]
    public void An_entry_with_line_zero_has_no_line_and_no_column()
    {
        Assert.Equal(("routes/postgres.yaml", (int?)null, (int?)null), (ReportSamples.Valid() with { Line = 0, Column = 3 }).Location);
        Assert.Equal(("routes/postgres.yaml", (int?)1, (int?)1), ReportSamples.Valid().Location);
    }

    [Fact]
    public void A_diagnostic_becomes_a_finding_with_its_rule_path_and_place()
    {
        var diagnostic = Diagnostic.Error(new SourceLocation("r.yaml", 4, 9), "spec.x", "bad") with { Rule = StricterRules.LeadingZero };
        var finding = ReportFinding.From(diagnostic);
        Assert.Equal(
            new ReportFinding(Severity.Error, "bad") { Path = "spec.x", Rule = "leading-zero", File = "r.yaml", Line = 4, Column = 9 },
            finding);

        // SourceLocation's unknown line (0) is null here.
        var whole = ReportFinding.From(Diagnostic.Warning(new SourceLocation("-", 0, 0), string.Empty, "empty"));
        Assert.Equal(new ReportFinding(Severity.Warning, "empty") { File = "-" }, whole);
    }
}
