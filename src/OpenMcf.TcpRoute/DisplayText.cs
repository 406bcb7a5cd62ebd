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
        var shown = string.Concat((value ?? string.Empty).Select(c => c switch
        {
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            _ when char.IsControl(c) => $"\\u{(int)c:x4}",
            _ => c.ToString(),
        }));
        return shown.Length <= max ? shown : string.Concat(shown.AsSpan(0, max - 3), "...");
    }
}
