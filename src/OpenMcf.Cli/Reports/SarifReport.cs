using System.Text.Encodings.Web;
using System.Text.Json;
using OpenMcf.TcpRoute.Validation;

namespace OpenMcf.Cli.Reports;

/// <summary>
/// SARIF 2.1.0, the static-analysis format that GitHub code scanning and other viewers read: one run, a result per
/// finding, and a <c>kind: "pass"</c> result for an entry without findings, so that every document or route is in the
/// log. Written token by token with <see cref="Utf8JsonWriter"/>, no serializer: the binary is native AOT.
/// </summary>
internal static class SarifReport
{
    /// <summary>The OASIS schema of SARIF 2.1.0 with its errata, which the tests validate against.</summary>
    public const string SchemaUri = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

    /// <summary>The symbol that relative artifact URIs are resolved against: the repository's root, by convention.</summary>
    public const string SourceRoot = "%SRCROOT%";

    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,

        // A file for tools, not HTML: quotes, '<' and non-ASCII stay readable; what JSON requires is still escaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes the log as UTF-8 to the stream, which stays open.</summary>
    /// <param name="toolVersion">openmcf's version, for tool.driver.version.</param>
    /// <param name="informationUri">Where openmcf is documented; left out when null.</param>
    /// <param name="ruleHelp">A sentence per rule id, such as <see cref="StricterRules.Reasons"/>; rules without one have none.</param>
    public static void Write(
        Stream stream,
        IReadOnlyList<ReportEntry> entries,
        ReportPaths paths,
        string toolVersion,
        Uri? informationUri = null,
        IReadOnlyDictionary<string, string>? ruleHelp = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(toolVersion);
        var rules = RulesOf(entries);
        using var json = new Utf8JsonWriter(stream, Options);
        json.WriteStartObject();
        json.WriteString("$schema", SchemaUri);
        json.WriteString("version", "2.1.0");
        json.WriteStartArray("runs");
        json.WriteStartObject();
        WriteTool(json, toolVersion, informationUri, rules, ruleHelp);

        // Code scanning keeps one set of results per category: validate's must not replace check's.
        var commands = entries.Select(e => e.Command).Distinct(StringComparer.Ordinal).ToList();
        if (commands.Count == 1)
        {
            json.WriteStartObject("automationDetails");
            json.WriteString("id", $"openmcf/{commands[0]}/");
            json.WriteEndObject();
        }

        json.WriteStartObject("originalUriBaseIds");
        json.WriteStartObject(SourceRoot);
        var root = Path.EndsInDirectorySeparator(paths.Base) ? paths.Base : paths.Base + Path.DirectorySeparatorChar;
        json.WriteString("uri", new Uri(root).AbsoluteUri);
        json.WriteEndObject();
        json.WriteEndObject();

        json.WriteStartArray("results");
        foreach (var entry in entries)
        {
            WriteResults(json, entry, paths, rules);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>
    /// The rule a finding is reported under: its own, else the command's. Code scanning needs a rule on every result,
    /// and most of the validator's findings (a missing field, a bad port) are the schema's, not a named rule's.
    /// </summary>
    public static string RuleOf(ReportEntry entry, ReportFinding? finding)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return finding?.Rule ?? entry.Command;
    }

    /// <summary>
    /// An artifact location's URI: relative to %SRCROOT% and escaped segment by segment for a file in the workspace, a
    /// file: URI for one outside it; null for stdin, which no viewer can open.
    /// </summary>
    public static (string Uri, bool Relative)? ArtifactUri(string file, ReportPaths paths)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(paths);
        if (file.Length == 0 || file == "-")
        {
            return null;
        }

        if (paths.Relative(file) is { } relative)
        {
            return (string.Join('/', relative.Split('/').Select(Uri.EscapeDataString)), true);
        }

        return (new Uri(paths.Absolute(file)).AbsoluteUri, false);
    }

    private static List<string> RulesOf(IReadOnlyList<ReportEntry> entries)
    {
        var rules = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            // An entry without findings still has a result (its pass), under the command's rule.
            var used = entry.Findings.Count == 0 ? [RuleOf(entry, null)] : entry.Findings.Select(f => RuleOf(entry, f));
            rules.AddRange(used.Where(seen.Add));
        }

        return rules;
    }

    private static void WriteTool(
        Utf8JsonWriter json,
        string toolVersion,
        Uri? informationUri,
        List<string> rules,
        IReadOnlyDictionary<string, string>? ruleHelp)
    {
        json.WriteStartObject("tool");
        json.WriteStartObject("driver");
        json.WriteString("name", "openmcf");
        json.WriteString("version", toolVersion);
        if (informationUri is not null)
        {
            json.WriteString("informationUri", informationUri.AbsoluteUri);
        }

        json.WriteStartArray("rules");
        foreach (var rule in rules)
        {
            json.WriteStartObject();
            json.WriteString("id", rule);
            if (ruleHelp is not null && ruleHelp.TryGetValue(rule, out var help))
            {
                json.WriteStartObject("fullDescription");
                json.WriteString("text", help);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteResults(Utf8JsonWriter json, ReportEntry entry, ReportPaths paths, List<string> rules)
    {
        if (entry.Findings.Count == 0)
        {
            var rule = RuleOf(entry, null);
            json.WriteStartObject();
            json.WriteString("ruleId", rule);
            json.WriteNumber("ruleIndex", rules.IndexOf(rule));
            json.WriteString("kind", "pass");
            json.WriteString("level", "none");
            WriteMessage(json, $"{entry.DisplayName}: {entry.Action}");
            WriteLocations(json, entry.Location, paths);
            json.WriteEndObject();
            return;
        }

        foreach (var finding in entry.Findings)
        {
            var rule = RuleOf(entry, finding);
            json.WriteStartObject();
            json.WriteString("ruleId", rule);
            json.WriteNumber("ruleIndex", rules.IndexOf(rule));
            json.WriteString("level", finding.Severity == Severity.Error ? "error" : "warning");
            WriteMessage(json, finding.Path.Length == 0 ? finding.Message : $"{finding.Path}: {finding.Message}");
            WriteLocations(json, entry.LocationOf(finding), paths);
            json.WriteEndObject();
        }
    }

    private static void WriteMessage(Utf8JsonWriter json, string text)
    {
        json.WriteStartObject("message");
        json.WriteString("text", text);
        json.WriteEndObject();
    }

    private static void WriteLocations(Utf8JsonWriter json, (string File, int? Line, int? Column) location, ReportPaths paths)
    {
        if (ArtifactUri(location.File, paths) is not { } artifact)
        {
            return;
        }

        json.WriteStartArray("locations");
        json.WriteStartObject();
        json.WriteStartObject("physicalLocation");
        json.WriteStartObject("artifactLocation");
        json.WriteString("uri", artifact.Uri);
        if (artifact.Relative)
        {
            json.WriteString("uriBaseId", SourceRoot);
        }

        json.WriteEndObject();
        if (location.Line is { } line)
        {
            json.WriteStartObject("region");
            json.WriteNumber("startLine", line);
            if (location.Column is { } column)
            {
                json.WriteNumber("startColumn", column);
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndArray();
    }
}
