using System.Text;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using OpenMcf.Cli.Reports;
using OpenMcf.TcpRoute.Validation;

namespace OpenMcf.TcpRoute.Tests.Cli.Reports;

/// <summary>JUnit XML: valid against the Jenkins schema for every input, and saying what the entries say.</summary>
public class JUnitReportTests
{
    private static readonly XmlSchemaSet Schema = LoadSchema();

    [Theory]
    [MemberData(nameof(ReportSamples.SetNames), MemberType = typeof(ReportSamples))]
    public void Every_report_is_valid_against_the_schema(string set)
    {
        var xml = Write(ReportSamples.Set(set));
        Assert.Empty(SchemaErrors(xml));
    }

    [Theory]
    [InlineData("<testsuites><testsuite tests=\"1\"><testcase classname=\"c\"/></testsuite></testsuites>")]
    [InlineData("<testsuites><testsuite tests=\"1\"><testcase name=\"n\" line=\"1\" column=\"2\"/></testsuite></testsuites>")]
    [InlineData("<testsuites skipped=\"0\"/>")]
    [InlineData("<testcases/>")]
    public void The_schema_check_rejects_what_the_schema_forbids(string xml)
    {
        // Else a writer that wrote anything would pass the test above.
        Assert.NotEmpty(SchemaErrors(Encoding.UTF8.GetBytes(xml)));
    }

    [Fact]
    public void Suites_cases_and_counts()
    {
        var started = new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.FromHours(2));
        var entries = new[] { ReportSamples.Valid(), ReportSamples.Invalid(), ReportSamples.Warned() };
        var doc = Parse(Write(entries, TimeSpan.FromMilliseconds(1234.5), started));

        var root = doc.Root!;
        Assert.Equal(
            ("testsuites", "openmcf", "3", "1", "0", "1.235"),
            (root.Name.LocalName, A(root, "name"), A(root, "tests"), A(root, "failures"), A(root, "errors"), A(root, "time")));
        Assert.Null(root.Attribute("skipped"));

        var suites = root.Elements("testsuite").ToList();
        Assert.Equal(["openmcf validate", "openmcf check"], suites.Select(s => A(s, "name")));
        var validate = suites[0];
        Assert.Equal(
            ("2", "1", "0", "0", "1.235", "2025-03-04T03:06:07"),
            (A(validate, "tests"), A(validate, "failures"), A(validate, "errors"), A(validate, "skipped"), A(validate, "time"),
                A(validate, "timestamp")));
        Assert.Equal(("1", "0"), (A(suites[1], "tests"), A(suites[1], "failures")));

        var cases = root.Descendants("testcase").ToList();
        Assert.Equal(
            [
                ("routes/postgres.yaml", "app/postgres", "routes/postgres.yaml", "1"),
                ("routes/bad.yaml", "routes/bad.yaml#2", "routes/bad.yaml", "12"),
                ("routes/redis.yaml", "cache/redis (kind-dev)", "routes/redis.yaml", "1"),
            ],
            cases.Select(c => (A(c, "classname"), A(c, "name"), A(c, "file"), A(c, "line"))));
    }

    [Fact]
    public void A_failed_case_lists_every_finding_and_its_warnings_go_to_system_out()
    {
        var testcase = Parse(Write([ReportSamples.Invalid()])).Descendants("testcase").Single();

        var failure = Assert.Single(testcase.Elements("failure"));
        Assert.Equal("must be between 1 and 65535", A(failure, "message"));
        Assert.Equal("error", A(failure, "type"));
        Assert.Equal(
            "routes/bad.yaml:20:15: error: spec.rules[0].backendRefs[0].port: must be between 1 and 65535\n"
            + "routes/bad.yaml:21:17: warning: spec.rules[0].backendRefs[0].weight: weight 0 sends no traffic\n"
            + "routes/bad.yaml:12:1: error: spec.rules[0].backendRefs[0].name: must be a DNS-1035 label",
            failure.Value);
        Assert.Equal(
            "invalid\nroutes/bad.yaml:21:17: warning: spec.rules[0].backendRefs[0].weight: weight 0 sends no traffic",
            testcase.Element("system-out")!.Value);
    }

    [Fact]
    public void Passed_and_warned_cases_have_no_failure()
    {
        var cases = Parse(Write([ReportSamples.Valid(), ReportSamples.Warned()])).Descendants("testcase").ToList();
        Assert.All(cases, c => Assert.Empty(c.Elements("failure")));
        Assert.Equal("valid", cases[0].Element("system-out")!.Value);
        Assert.Equal(
            "ok\nroutes/redis.yaml:1: warning: spec.rules[0].backendRefs[0]: Service cache/redis does not exist yet",
            cases[1].Element("system-out")!.Value);
    }

    [Fact]
    public void Hostile_text_comes_back_exactly()
    {
        var hostile = ReportSamples.Hostile;
        var entry = ReportSamples.Invalid() with
        {
            Name = hostile,
            Namespace = null,
            Action = hostile,
            File = "routes/bad.yaml",
            Findings = [new(Severity.Error, hostile) { Line = 3, Column = 4 }],
        };
        var testcase = Parse(Write([entry])).Descendants("testcase").Single();
        Assert.Equal(hostile, A(testcase, "name"));
        Assert.Equal(hostile, A(testcase.Element("failure")!, "message"));
        Assert.Equal($"routes/bad.yaml:3:4: error: {hostile}", testcase.Element("failure")!.Value);
        Assert.Equal(hostile, testcase.Element("system-out")!.Value);
    }

    [Fact]
    public void A_huge_message_is_written_whole()
    {
        var failure = Parse(Write(ReportSamples.Set("huge"))).Descendants("failure").Single();
        Assert.Equal(ReportSamples.Huge, A(failure, "message"));
        Assert.Contains(ReportSamples.Huge, failure.Value, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bell\u0007", "bell\\u0007")]
    [InlineData("nul\0", "nul\\u0000")]
    [InlineData("\uFFFE\uFFFF", "\\uFFFE\\uFFFF")]
    [InlineData("pair 🚀 tab\t", "pair 🚀 tab\t")]
    public void Characters_xml_cannot_hold_are_written_as_escapes(string message, string written)
    {
        var entry = ReportSamples.Valid() with { Findings = [new(Severity.Error, message)] };
        var failure = Parse(Write([entry])).Descendants("failure").Single();
        Assert.Equal(written, A(failure, "message"));
    }

    [Fact]
    public void Lone_surrogates_are_written_as_escapes()
    {
        // Not inline data: an attribute's strings are stored as UTF-8, where a lone surrogate cannot survive.
        (string Message, string Written)[] cases =
        [
            ("lone \uD800 high", "lone \\uD800 high"),
            ("lone \uDC00 low", "lone \\uDC00 low"),
            ("reversed \uDC00\uD800", "reversed \\uDC00\\uD800"),
            ("at the end \uD83D", "at the end \\uD83D"),
        ];
        foreach (var (message, written) in cases)
        {
            Characters_xml_cannot_hold_are_written_as_escapes(message, written);
        }
    }

    [Fact]
    public void Stdin_has_no_file_attribute_and_an_outside_path_stays_as_given()
    {
        var cases = Parse(Write(ReportSamples.Set("unusual paths"))).Descendants("testcase").ToList();
        Assert.Equal(
            [("-", null), ("/etc/openmcf/route.yaml", "/etc/openmcf/route.yaml"), ("my routes/a b.yaml", "my routes/a b.yaml"),
                ("../other/route.yaml", "../other/route.yaml"), ("-", null)],
            cases.Select(c => (A(c, "classname"), c.Attribute("file")?.Value)));
    }

    [Fact]
    public void An_unknown_line_leaves_the_attribute_out()
    {
        var cases = Parse(Write(ReportSamples.Set("unknown places"))).Descendants("testcase").ToList();
        Assert.All(cases, c => Assert.Null(c.Attribute("line")));
        Assert.Equal("routes/bad.yaml: error: no place", cases[2].Element("failure")!.Value);
    }

    [Fact]
    public void The_stream_is_utf8_without_a_byte_order_mark_and_stays_open()
    {
        using var stream = new MemoryStream();
        JUnitReport.Write(stream, [ReportSamples.Valid("日本")], ReportSamples.Paths, TimeSpan.Zero, null);
        Assert.True(stream.CanWrite);
        var bytes = stream.ToArray();
        Assert.NotEqual(0xEF, bytes[0]);
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.Contains("name=\"日本\"", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }

    private static byte[] Write(IReadOnlyList<ReportEntry> entries, TimeSpan? elapsed = null, DateTimeOffset? started = null)
    {
        using var stream = new MemoryStream();
        JUnitReport.Write(stream, entries, ReportSamples.Paths, elapsed ?? TimeSpan.FromSeconds(1), started ?? DateTimeOffset.UnixEpoch);
        return stream.ToArray();
    }

    private static XDocument Parse(byte[] xml)
    {
        using var stream = new MemoryStream(xml);
        return XDocument.Load(stream);
    }

    private static string? A(XElement element, string name) => element.Attribute(name)?.Value;

    internal static List<string> SchemaErrors(byte[] xml)
    {
        var errors = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = Schema };

        // A warning is an error here: an undeclared root element is only a warning to the reader.
        settings.ValidationFlags |= XmlSchemaValidationFlags.ReportValidationWarnings;
        settings.ValidationEventHandler += (_, e) => errors.Add($"{e.Severity}: {e.Message}");
        using var stream = new MemoryStream(xml);
        using var reader = XmlReader.Create(stream, settings);
        while (reader.Read())
        {
        }

        return errors;
    }

    private static XmlSchemaSet LoadSchema()
    {
        var set = new XmlSchemaSet();
        using var reader = XmlReader.Create(RepoPaths.TestData("Cli/Reports/Schemas/junit-10.xsd"));
        set.Add(null, reader);
        set.Compile();
        return set;
    }
}
