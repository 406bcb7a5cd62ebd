using OpenMcf.Cli.Reports;
using OpenMcf.TcpRoute.Validation;

namespace OpenMcf.TcpRoute.Tests.Cli.Reports;

/// <summary>The step summary's Markdown: the exact table, and cells no input can break out of.</summary>
public class StepSummaryTests
{
    [Fact]
    public void A_heading_a_row_per_entry_and_the_totals()
    {
        IReadOnlyList<ReportEntry> entries =
        [
            ReportSamples.Warned() with { Command = "apply", Action = "created" },
            ReportSamples.Warned() with
            {
                Command = "apply",
                Name = "pg",
                Namespace = "db",
                Action = "failed",
                Findings = [new(Severity.Error, "conflict on spec.rules"), new(Severity.Warning, "deprecated") { Path = "apiVersion" }],
            },
            ReportSamples.Warned() with { Command = "apply", Name = "mq", Context = null, Action = "unchanged", Findings = [] },
        ];
        var expected = """
            ### openmcf apply

            | Route | Namespace | Context | Action | Message |
            | --- | --- | --- | --- | --- |
            | redis | cache | kind-dev | ⚠️ created | spec.rules\[0\].backendRefs\[0\]: Service cache/redis does not exist yet |
            | pg | db | kind-dev | ❌ failed | conflict on spec.rules<br>apiVersion: deprecated |
            | mq | cache |  | ✅ unchanged |  |

            **3 routes**: 1 failed, 1 with warnings, 1 passed

            """.Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.Equal(expected, StepSummary.Markdown(entries));
    }

    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData("plain text", "plain text")]
    [InlineData("a|b", @"a\|b")]

    // A backslash before a pipe must not undo the pipe's escape: both are escaped.
    [InlineData(@"a\|b", @"a\\\|b")]
    [InlineData(@"ends with \", @"ends with \\")]
    [InlineData("<gateway-name>", "&lt;gateway-name&gt;")]
    [InlineData("a & b", "a &amp; b")]
    [InlineData("*x* _y_ `z` [l](u) ~s~ #h", @"\*x\* \_y\_ \`z\` \[l\](u) \~s\~ \#h")]
    [InlineData("one\r\ntwo\nthree\rfour", "one<br>two<br>three<br>four")]
    [InlineData("日本 🚀", "日本 🚀")]
    public void Cell(string? value, string expected)
    {
        Assert.Equal(expected, StepSummary.Cell(value));
    }

    [Theory]
    [MemberData(nameof(ReportSamples.SetNames), MemberType = typeof(ReportSamples))]
    public void Every_row_keeps_five_cells_whatever_the_input(string set)
    {
        var entries = ReportSamples.Set(set);
        var lines = StepSummary.Markdown(entries).Split('\n');
        var rows = lines.Where(l => l.StartsWith('|')).ToList();

        // The header, the rule, and a row per entry: a line break in any input would have made more.
        Assert.Equal(entries.Count + 2, rows.Count);
        Assert.All(rows, row => Assert.Equal(6, CellBorders(row)));

        // No tag but the line breaks the writer made itself: "<gateway-name>" would have vanished as HTML.
        Assert.All(rows, row => Assert.DoesNotContain('<', row.Replace("<br>", string.Empty, StringComparison.Ordinal)));
        Assert.DoesNotContain('\r', StepSummary.Markdown(entries));
    }

    [Theory]
    [InlineData(0, "validate", "**0 routes**: 0 failed, 0 with warnings, 0 passed")]
    [InlineData(1, "validate", "**1 document**: 0 failed, 0 with warnings, 1 passed")]
    [InlineData(2, "validate", "**2 documents**: 0 failed, 0 with warnings, 2 passed")]
    [InlineData(1, "plan", "**1 route**: 0 failed, 0 with warnings, 1 passed")]
    public void Totals_count_documents_for_validate_and_routes_otherwise(int count, string command, string expected)
    {
        var entries = Enumerable.Range(0, count).Select(_ => ReportSamples.Valid() with { Command = command }).ToList();
        Assert.Equal(expected, StepSummary.Totals(entries));
    }

    [Fact]
    public void No_entries_still_make_a_table_and_totals()
    {
        Assert.Equal(
            "### openmcf\n\n| Route | Namespace | Context | Action | Message |\n| --- | --- | --- | --- | --- |\n\n"
                + "**0 routes**: 0 failed, 0 with warnings, 0 passed\n",
            StepSummary.Markdown([]));
    }

    /// <summary>The pipes GitHub reads as cell borders: those not escaped by an odd run of backslashes.</summary>
    private static int CellBorders(string row)
    {
        var borders = 0;
        var backslashes = 0;
        foreach (var c in row)
        {
            if (c == '|' && backslashes % 2 == 0)
            {
                borders++;
            }

            backslashes = c == '\\' ? backslashes + 1 : 0;
        }

        return borders;
    }
}
