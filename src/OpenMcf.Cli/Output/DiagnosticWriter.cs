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
            var text = d.ToString();
            if (console.ColorErrors)
            {
                var (word, color) = d.Severity == Severity.Error ? ("error:", Red) : ("warning:", Yellow);
                text = text.Replace($" {word} ", $" {color}{word}{Reset} ", StringComparison.Ordinal);
            }

            console.Error.WriteLine(text);
        }
    }

    /// <summary>A line as written, without the colours.</summary>
    public static string Plain(string line) =>
        (line ?? string.Empty).Replace(Red, string.Empty, StringComparison.Ordinal)
            .Replace(Yellow, string.Empty, StringComparison.Ordinal)
            .Replace(Reset, string.Empty, StringComparison.Ordinal);

    public static void Error(CliConsole console, string message) =>
        console.Error.WriteLine(console.ColorErrors ? $"{Red}error:{Reset} {message}" : $"error: {message}");

    public static void Warning(CliConsole console, string message) =>
        console.Error.WriteLine(console.ColorErrors ? $"{Yellow}warning:{Reset} {message}" : $"warning: {message}");
}
