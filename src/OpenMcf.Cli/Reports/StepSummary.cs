using System.Globalization;
using System.Text;

namespace OpenMcf.Cli.Reports;

/// <summary>
/// The Markdown that $GITHUB_STEP_SUMMARY shows on the run's page: a heading, a table with a row per document or route
/// (route, namespace, context, action, message) and a line of totals. Cells are escaped so that no input can break the
/// table or turn into markup: a '|' would end the cell, a line break the row, and "&lt;gateway-name&gt;" would vanish as
/// an HTML tag.
/// </summary>
internal static class StepSummary
{
    /// <summary>The whole summary, ending with a newline, for appending to the file.</summary>
    public static string Markdown(IReadOnlyList<ReportEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var commands = entries.Select(e => e.Command).Distinct(StringComparer.Ordinal).ToList();
        var text = new StringBuilder();
        text.Append(commands.Count == 0 ? "### openmcf" : $"### openmcf {string.Join(", ", commands)}")
            .Append("\n\n")
            .Append("| Route | Namespace | Context | Action | Message |\n")
            .Append("| --- | --- | --- | --- | --- |\n");
        foreach (var entry in entries)
        {
            var messages = entry.Findings.Select(f => f.Path.Length == 0 ? f.Message : $"{f.Path}: {f.Message}");
            text.Append(CultureInfo.InvariantCulture, $"| {Cell(entry.Name)} | {Cell(entry.Namespace)} | {Cell(entry.Context)} | ")
                .Append(CultureInfo.InvariantCulture, $"{Mark(entry.Outcome)} {Cell(entry.Action)} | ")
                .Append(string.Join("<br>", messages.Select(Cell)))
                .Append(" |\n");
        }

        text.Append('\n').Append(Totals(entries)).Append('\n');
        return text.ToString();
    }

    /// <summary>"3 routes: 1 failed, 1 with warnings, 1 passed" (documents for validate, which has no routes yet).</summary>
    public static string Totals(IReadOnlyList<ReportEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var noun = entries.Count > 0 && entries.All(e => e.Command == "validate") ? "document" : "route";
        var failed = entries.Count(e => e.Outcome == ReportOutcome.Failed);
        var warned = entries.Count(e => e.Outcome == ReportOutcome.WarningsOnly);
        var passed = entries.Count(e => e.Outcome == ReportOutcome.Passed);
        var plural = entries.Count == 1 ? string.Empty : "s";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"**{entries.Count} {noun}{plural}**: {failed} failed, {warned} with warnings, {passed} passed");
    }

    /// <summary>
    /// One cell's text, safe in a GitHub table: Markdown's punctuation escaped with '\' (the backslash first, so that a
    /// '\' before a '|' in the input cannot undo the pipe's escape), HTML's with entities, line breaks as &lt;br&gt;.
    /// </summary>
    public static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        var text = new StringBuilder(value.Length + 16);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '\\' or '|' or '*' or '_' or '`' or '[' or ']' or '~' or '#':
                    text.Append('\\').Append(c);
                    break;
                case '<':
                    text.Append("&lt;");
                    break;
                case '>':
                    text.Append("&gt;");
                    break;
                case '&':
                    text.Append("&amp;");
                    break;
                case '\r':
                    // CRLF is one break, not two.
                    text.Append("<br>");
                    if (i + 1 < value.Length && value[i + 1] == '\n')
                    {
                        i++;
                    }

                    break;
                case '\n':
                    text.Append("<br>");
                    break;
                default:
                    text.Append(c);
                    break;
            }
        }

        return text.ToString();
    }

    private static string Mark(ReportOutcome outcome) => outcome switch
    {
        ReportOutcome.Failed => "❌",
        ReportOutcome.WarningsOnly => "⚠️",
        _ => "✅",
    };
}
