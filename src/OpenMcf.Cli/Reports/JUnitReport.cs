using System.Globalization;
using System.Text;
using System.Xml;
using OpenMcf.TcpRoute.Validation;

namespace OpenMcf.Cli.Reports;

/// <summary>
/// JUnit XML, the test report every CI reads (GitLab, Jenkins, Azure Pipelines, GitHub's test reporters): a
/// <c>&lt;testsuite name="openmcf validate"&gt;</c> per command, a <c>&lt;testcase&gt;</c> per document or route. A
/// failed entry has a <c>&lt;failure&gt;</c> whose text lists every finding; warnings and the action go to
/// <c>&lt;system-out&gt;</c>. Written with <see cref="XmlWriter"/>, no serializer: the binary is native AOT.
/// </summary>
/// <remarks>
/// There is no JUnit standard. The attributes are those of the Jenkins xunit plugin's junit-10.xsd, which the tests
/// validate against: it has <c>file</c> and <c>line</c> on a test case, which GitLab and the GitHub reporters use to link
/// a failure to its file (the stricter Ant schema has neither). It has no <c>skipped</c> on <c>&lt;testsuites&gt;</c>,
/// so that count is on each suite only.
/// </remarks>
internal static class JUnitReport
{
    /// <summary>Writes the report as UTF-8 (no byte order mark) to the stream, which stays open.</summary>
    /// <param name="elapsed">How long the command ran: each suite's and the whole report's time.</param>
    /// <param name="startedAt">When it started, for the suites' timestamp; null leaves the attribute out.</param>
    public static void Write(
        Stream stream, IReadOnlyList<ReportEntry> entries, ReportPaths paths, TimeSpan elapsed, DateTimeOffset? startedAt)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(paths);
        var settings = new XmlWriterSettings
        {
            Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            Indent = true,
            CloseOutput = false,

            // Line breaks in attributes and text come back as they went in, not normalised by a reader.
            NewLineHandling = NewLineHandling.Entitize,
        };
        var time = Seconds(elapsed);
        using var xml = XmlWriter.Create(stream, settings);
        xml.WriteStartDocument();
        xml.WriteStartElement("testsuites");
        xml.WriteAttributeString("name", "openmcf");
        WriteCounts(xml, entries, skipped: false);
        xml.WriteAttributeString("time", time);
        foreach (var suite in entries.GroupBy(e => e.Command, StringComparer.Ordinal))
        {
            var cases = suite.ToList();
            xml.WriteStartElement("testsuite");
            xml.WriteAttributeString("name", Clean($"openmcf {suite.Key}"));
            WriteCounts(xml, cases, skipped: true);
            xml.WriteAttributeString("time", time);
            if (startedAt is { } started)
            {
                xml.WriteAttributeString("timestamp", started.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture));
            }

            foreach (var entry in cases)
            {
                WriteCase(xml, entry, paths);
            }

            xml.WriteEndElement();
        }

        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    /// <summary>One finding as a line: "file:line:col: severity: path: message", as the text output writes diagnostics.</summary>
    public static string Describe(ReportEntry entry, ReportFinding finding, ReportPaths paths)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(finding);
        ArgumentNullException.ThrowIfNull(paths);
        var (file, line, column) = entry.LocationOf(finding);
        var where = paths.Display(file);
        if (line is { } l)
        {
            where = string.Create(CultureInfo.InvariantCulture, $"{where}:{l}");
            if (column is { } c)
            {
                where = string.Create(CultureInfo.InvariantCulture, $"{where}:{c}");
            }
        }

        var severity = finding.Severity == Severity.Error ? "error" : "warning";
        return finding.Path.Length == 0
            ? $"{where}: {severity}: {finding.Message}"
            : $"{where}: {severity}: {finding.Path}: {finding.Message}";
    }

    private static void WriteCase(XmlWriter xml, ReportEntry entry, ReportPaths paths)
    {
        var (file, line, _) = entry.Location;
        var shown = paths.Display(file);
        xml.WriteStartElement("testcase");

        // The file groups the cases in a report's tree, as a class groups a unit test's methods.
        xml.WriteAttributeString("classname", Clean(shown));
        xml.WriteAttributeString("name", Clean(entry.DisplayName));
        if (file != "-")
        {
            xml.WriteAttributeString("file", Clean(shown));
        }

        if (line is { } l)
        {
            xml.WriteAttributeString("line", l.ToString(CultureInfo.InvariantCulture));
        }

        if (entry.Findings.FirstOrDefault(f => f.Severity == Severity.Error) is { } first)
        {
            xml.WriteStartElement("failure");
            xml.WriteAttributeString("message", Clean(first.Message));
            xml.WriteAttributeString("type", "error");
            xml.WriteString(Clean(string.Join('\n', entry.Findings.Select(f => Describe(entry, f, paths)))));
            xml.WriteEndElement();
        }

        var output = new List<string> { entry.Action };
        output.AddRange(entry.Findings.Where(f => f.Severity == Severity.Warning).Select(f => Describe(entry, f, paths)));
        xml.WriteElementString("system-out", Clean(string.Join('\n', output)));
        xml.WriteEndElement();
    }

    private static void WriteCounts(XmlWriter xml, IReadOnlyCollection<ReportEntry> entries, bool skipped)
    {
        xml.WriteAttributeString("tests", entries.Count.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString(
            "failures",
            entries.Count(e => e.Outcome == ReportOutcome.Failed).ToString(CultureInfo.InvariantCulture));

        // An error in JUnit is a test that could not run; every entry here ran to a verdict, pass or fail.
        xml.WriteAttributeString("errors", "0");
        if (skipped)
        {
            xml.WriteAttributeString("skipped", "0");
        }
    }

    private static string Seconds(TimeSpan elapsed) =>
        Math.Max(0, elapsed.TotalSeconds).ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary>
    /// XML 1.0 cannot hold most control characters or a lone surrogate, even escaped, and <see cref="XmlWriter"/> throws on
    /// them: a manifest can hold any of them in a name or a value. Each becomes a visible <c>\uXXXX</c> instead.
    /// </summary>
    internal static string Clean(string value)
    {
        var i = 0;
        while (i < value.Length && IsXmlChar(value, i, out var width))
        {
            i += width;
        }

        if (i == value.Length)
        {
            return value;
        }

        var text = new StringBuilder(value.Length + 16).Append(value, 0, i);
        while (i < value.Length)
        {
            if (IsXmlChar(value, i, out var width))
            {
                text.Append(value, i, width);
                i += width;
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $"\\u{(int)value[i]:X4}");
                i++;
            }
        }

        return text.ToString();
    }

    private static bool IsXmlChar(string value, int index, out int width)
    {
        var c = value[index];
        width = 1;
        if (char.IsHighSurrogate(c))
        {
            width = 2;
            return index + 1 < value.Length && char.IsLowSurrogate(value[index + 1]);
        }

        return c is '\t' or '\n' or '\r' or (>= '\u0020' and <= '\uD7FF') or (>= '\uE000' and <= '\uFFFD');
    }
}
