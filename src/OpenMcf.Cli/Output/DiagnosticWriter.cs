using OpenMcf.Cli.Reports;
using OpenMcf.TcpRoute;
using OpenMcf.TcpRoute.Validation;

namespace OpenMcf.Cli.Output;

/// <summary>Writes diagnostics to stderr, one per line, as "file:line:col: error: path: message".</summary>
internal static class DiagnosticWriter
{
    private const string Red = "\u001b[31m";
    private const string Yellow = "\u001b[33m";
    private const string Reset = "\u001b[0m";

    public static void Write(CliConsole console, IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var d in diagnostics)
        {
            var text = DisplayText.OneLine(d.ToString());
            if (console.ColorErrors)
            {
                var (word, color) = d.Severity == Severity.Error ? ("error:", Red) : ("warning:", Yellow);
                text = text.Replace($" {word} ", $" {color}{word}{Reset} ", StringComparison.Ordinal);
            }

            console.Error.WriteLine(text);
            if (console.Annotations is { } paths)
            {
                var message = d.Path.Length == 0 ? d.Message : $"{d.Path}: {d.Message}";
                var file = paths.Display(d.Location.File);
                var (line, column) = (d.Location.Line, d.Location.Column);
                console.Error.WriteLine(WorkflowCommands.Annotation(d.Severity, message, file, line, column, Title(console)));
            }
        }
    }

    /// <summary>A line as written, without the colours.</summary>
    public static string Plain(string line) =>
        (line ?? string.Empty).Replace(Red, string.Empty, StringComparison.Ordinal)
            .Replace(Yellow, string.Empty, StringComparison.Ordinal)
            .Replace(Reset, string.Empty, StringComparison.Ordinal);

    /// <param name="annotate">False for a line that only sums up errors already annotated.</param>
    public static void Error(CliConsole console, string message, bool annotate = true)
    {
        message = DisplayText.OneLine(message);
        console.Error.WriteLine(console.ColorErrors ? $"{Red}error:{Reset} {message}" : $"error: {message}");
        if (annotate)
        {
            Annotate(console, Severity.Error, message);
        }
    }

    public static void Warning(CliConsole console, string message)
    {
        message = DisplayText.OneLine(message);
        console.Error.WriteLine(console.ColorErrors ? $"{Yellow}warning:{Reset} {message}" : $"warning: {message}");
        Annotate(console, Severity.Warning, message);
    }

    /// <summary>A message that belongs to no file (a cluster's answer, the run's verdict), annotated on the run alone.</summary>
    private static void Annotate(CliConsole console, Severity severity, string message)
    {
        if (console.Annotations is not null)
        {
            console.Error.WriteLine(WorkflowCommands.Annotation(severity, message, null, null, null, Title(console)));
        }
    }

    private static string Title(CliConsole console) => console.Context is { } context ? $"openmcf ({context})" : "openmcf";
}
