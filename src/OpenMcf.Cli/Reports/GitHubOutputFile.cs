using System.Security.Cryptography;
using System.Text;

namespace OpenMcf.Cli.Reports;

/// <summary>
/// Step outputs in the file that $GITHUB_OUTPUT names: <c>name=value</c> on a line for a one-line value, and for any
/// other the runner's heredoc form, <c>name&lt;&lt;DELIMITER</c>, the value, then <c>DELIMITER</c> on a line of its own.
/// The delimiter is random and checked against the value: a value that held it could end the block early and set
/// outputs of its own, and one that could be guessed could be written into a route's name or message on purpose.
/// </summary>
internal static class GitHubOutputFile
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Appends one output to the file (the runner reads it when the step ends).</summary>
    public static void Append(string path, string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        File.AppendAllText(path, Format(name, value, NewDelimiter), Utf8);
    }

    /// <summary>
    /// The text for one output, ending with a newline. <paramref name="delimiters"/> is asked until it gives a delimiter
    /// that occurs nowhere in the value (tests pass their own; <see cref="NewDelimiter"/> otherwise).
    /// </summary>
    /// <exception cref="ArgumentException">A name the runner would misread: empty, or with '=', "&lt;&lt;" or a line break.</exception>
    public static string Format(string name, string value, Func<string> delimiters)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(delimiters);
        if (name.Length == 0 || name.Contains('=', StringComparison.Ordinal) || name.Contains("<<", StringComparison.Ordinal)
            || name.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new ArgumentException(
                $"'{name}' cannot be a step output's name: it is empty or holds '=', '<<' or a line break", nameof(name));
        }

        if (value.AsSpan().IndexOfAny('\r', '\n') < 0)
        {
            return $"{name}={value}\n";
        }

        // The runner reads the block line by line, so a lone CR in the value comes back as a line break.
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var delimiter = delimiters();
            if (!string.IsNullOrEmpty(delimiter) && delimiter.AsSpan().IndexOfAny('\r', '\n') < 0
                && !value.Contains(delimiter, StringComparison.Ordinal) && !name.Contains(delimiter, StringComparison.Ordinal))
            {
                return $"{name}<<{delimiter}\n{value}\n{delimiter}\n";
            }
        }

        throw new InvalidOperationException("no delimiter absent from the value was found in 100 tries");
    }

    /// <summary>"ghadelimiter_" and 128 random bits, as the Actions toolkit names its own.</summary>
    public static string NewDelimiter() => $"ghadelimiter_{RandomNumberGenerator.GetHexString(32, lowercase: true)}";
}
