namespace OpenMcf.TcpRoute;

/// <summary>How a value from the user's input is shown in a message or a status line: the one way, everywhere.</summary>
public static class DisplayText
{
    /// <summary>
    /// On one line (control characters escaped: "tls\n" as written) and at most <paramref name="max"/> characters, so that a
    /// 100,000-character name does not flood a terminal or a log.
    /// </summary>
    public static string Shorten(string? value, int max = 80)
    {
        var shown = OneLine(value);
        return shown.Length <= max ? shown : string.Concat(shown.AsSpan(0, max - 3), "...");
    }

    /// <summary>
    /// The text on one line, its control characters written as escapes (\n, \r, \t, \u0007): no input can end a line of
    /// output and start another, which a CI runner could take for a command of its own (GitHub's "::warning::").
    /// </summary>
    public static string OneLine(string? value)
    {
        var text = value ?? string.Empty;
        return !text.Any(char.IsControl) ? text : string.Concat(text.Select(c => c switch
        {
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            _ when char.IsControl(c) => $"\\u{(int)c:x4}",
            _ => c.ToString(),
        }));
    }
}
