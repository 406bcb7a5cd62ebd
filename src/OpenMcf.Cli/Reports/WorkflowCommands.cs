using System.Globalization;
using System.Text;
using OpenMcf.TcpRoute.Validation;

namespace OpenMcf.Cli.Reports;

/// <summary>
/// GitHub Actions workflow commands, one a line: <c>::error file=F,line=L,col=C,title=T::message</c> (openmcf writes them
/// on stderr, which the runner reads for commands as it reads stdout), which the runner turns into annotations on the
/// pull request's files. The escaping is the runner's: it reads a line up to the newline, the properties up to "::", and
/// each property up to ',' ; so a message may not hold a newline, and a property not a ',' or ':' either. Unescaped, a
/// message could end the line and start a command of its own.
/// </summary>
internal static class WorkflowCommands
{
    /// <summary>
    /// One <c>::error</c> or <c>::warning</c> line. Properties that are null or empty are left out (as the toolkit does);
    /// a column without a line is left out too, since it points nowhere. Stdin ("-") is no file to annotate.
    /// </summary>
    public static string Annotation(Severity severity, string message, string? file, int? line, int? column, string? title)
    {
        ArgumentNullException.ThrowIfNull(message);
        var properties = new List<string>(4);
        if (!string.IsNullOrEmpty(file) && file != "-")
        {
            properties.Add($"file={EscapeProperty(file)}");
        }

        if (line is > 0)
        {
            properties.Add(string.Create(CultureInfo.InvariantCulture, $"line={line}"));
            if (column is > 0)
            {
                properties.Add(string.Create(CultureInfo.InvariantCulture, $"col={column}"));
            }
        }

        if (!string.IsNullOrEmpty(title))
        {
            properties.Add($"title={EscapeProperty(title)}");
        }

        var command = severity == Severity.Error ? "error" : "warning";
        var head = properties.Count == 0 ? $"::{command}" : $"::{command} {string.Join(',', properties)}";
        return $"{head}::{EscapeData(message)}";
    }

    /// <summary>A message: '%' first (so that an escape is never read twice), then CR and LF.</summary>
    public static string EscapeData(string value) => Escape(value, property: false);

    /// <summary>A property value: as a message, and ':' and ',' besides, which would end the value.</summary>
    public static string EscapeProperty(string value) => Escape(value, property: true);

    private static string Escape(string value, bool property)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = new StringBuilder(value.Length + 16);
        foreach (var c in value)
        {
            var escaped = c switch
            {
                '%' => "%25",
                '\r' => "%0D",
                '\n' => "%0A",
                ':' when property => "%3A",
                ',' when property => "%2C",
                _ => null,
            };
            if (escaped is null)
            {
                text.Append(c);
            }
            else
            {
                text.Append(escaped);
            }
        }

        return text.ToString();
    }
}
