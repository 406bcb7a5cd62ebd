using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace OpenMcf.TcpRoute.Cluster;

/// <summary>
/// The body of a server-side apply. It is JSON, but the server reads it with its YAML parser
/// (application/apply-patch+yaml), and YAML has no UTF-16 surrogate escapes: a character outside
/// the Basic Multilingual Plane sent as "\uD83D\uDE00" (as System.Text.Json writes it) is refused
/// with 400 "found invalid Unicode character escape code". Such characters go as plain UTF-8;
/// everything else is escaped as JSON and YAML both read it.
/// </summary>
public static partial class ApplyPatchBody
{
    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(JsonNode route)
    {
        ArgumentNullException.ThrowIfNull(route);
        return SurrogatePair().Replace(route.ToJsonString(Options), m => char.ConvertFromUtf32(char.ConvertToUtf32(
            (char)int.Parse(m.Groups["high"].ValueSpan, NumberStyles.HexNumber, CultureInfo.InvariantCulture),
            (char)int.Parse(m.Groups["low"].ValueSpan, NumberStyles.HexNumber, CultureInfo.InvariantCulture))));
    }

    // An escaped pair, but not text after an escaped backslash ("\\uD83D" is a backslash and "uD83D").
    [GeneratedRegex(@"(?<=(?<!\\)(?:\\\\)*)\\u(?<high>D[89AB][0-9A-F]{2})\\u(?<low>D[C-F][0-9A-F]{2})", RegexOptions.IgnoreCase)]
    private static partial Regex SurrogatePair();
}
