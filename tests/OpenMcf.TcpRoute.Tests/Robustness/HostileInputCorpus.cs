using System.Text;

namespace OpenMcf.TcpRoute.Tests.Robustness;

/// <summary>
/// Broken and hostile inputs, generated and hand-written. Each is written as a file's bytes, since
/// several (invalid UTF-8, a BOM, binary junk) exist only as bytes.
/// </summary>
internal static class HostileInputCorpus
{
    private static readonly string Good = ManifestText.Minimal + "\n";

    private static readonly (string Path, string Line)[] ScalarFields =
    [
        ("apiVersion", "apiVersion: kubernetes.openmcf.org/v1"),
        ("kind", "kind: KubernetesTcpRoute"),
        ("metadata.name", "  name: route"),
        ("spec.namespace.value", "    value: app-ns"),
        ("spec.parentRefs[0].name", "    - name: gw"),
        ("spec.rules[0].backendRefs[0].name", "        - name: svc"),
        ("spec.rules[0].backendRefs[0].port", "          port: 5432"),
    ];

    private const string Full = """
        apiVersion: kubernetes.openmcf.org/v1
        kind: KubernetesTcpRoute
        metadata:
          name: full
        spec:
          namespace:
            value: data
          parentRefs:
            - group: gateway.networking.k8s.io
              kind: Gateway
              namespace: infra
              name: edge
              sectionName: tcp
              port: 5432
          useDefaultGateways: None
          rules:
            - name: primary
              backendRefs:
                - group: core.example.com
                  kind: Custom
                  name: db-primary
                  namespace: data
                  port: 5432
                  weight: 3

        """;

    // (line, integer field?, required field?) for every scalar of the full manifest.
    private static readonly (string Line, bool Integer, bool Required)[] FullFields =
    [
        ("  name: full", false, true),
        ("    value: data", false, true),
        ("    - group: gateway.networking.k8s.io", false, false),
        ("      kind: Gateway", false, false),
        ("      namespace: infra", false, false),
        ("      name: edge", false, true),
        ("      sectionName: tcp", false, false),
        ("      port: 5432", true, false),
        ("  useDefaultGateways: None", false, false),
        ("    - name: primary", false, false),
        ("        - group: core.example.com", false, false),
        ("          kind: Custom", false, false),
        ("          name: db-primary", false, true),
        ("          namespace: data", false, false),
        ("          port: 5432", true, false),
        ("          weight: 3", true, false),
    ];

    public static IEnumerable<(string Name, byte[] Bytes)> Cases()
    {
        foreach (var (name, text) in TextCases())
        {
            yield return (name, Encoding.UTF8.GetBytes(text));
        }

        var random = new Random(20261127);
        for (var i = 0; i < 20; i++)
        {
            var junk = new byte[random.Next(1, 4096)];
            random.NextBytes(junk);
            yield return ($"binary junk {i}", junk);
        }

        yield return ("invalid UTF-8 in a name",
        [
            .. Encoding.UTF8.GetBytes(
                Good.Replace("name: route", "name: rou", StringComparison.Ordinal)[..Good.IndexOf("te\n", StringComparison.Ordinal)]),
            0xC3, 0x28, .. Encoding.UTF8.GetBytes("te\n")
        ]);
        yield return ("invalid UTF-8 lone continuation byte", [.. Encoding.UTF8.GetBytes("apiVersion: "), 0x80, 0x81, 0x0A]);
        yield return ("BOM then broken YAML", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("kind: [\n")]);
        yield return ("UTF-16 text", Encoding.Unicode.GetBytes(Good));
        yield return ("NUL bytes", [.. Encoding.UTF8.GetBytes("apiVersion: a\0b\n")]);
    }

    private static IEnumerable<(string Name, string Text)> TextCases()
    {
        // Alias bombs: each level doubles (or multiplies by ten) the one before.
        var laughs = new StringBuilder(
            "apiVersion: kubernetes.openmcf.org/v1\nkind: KubernetesTcpRoute\nmetadata:\n  name: lol\n  relationships:\n"
                + "    a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i < 30; i++)
        {
            var previous = string.Join(", ", Enumerable.Repeat(CultureInfoFree($"*a{i - 1}"), 10));
            laughs.Append(CultureInfoFree($"    a{i}: &a{i} [{previous}]\n"));
        }

        yield return ("billion laughs in metadata", laughs.ToString());
        yield return ("billion laughs in a KubernetesNamespace", laughs.ToString()
            .Replace("KubernetesTcpRoute", "KubernetesNamespace", StringComparison.Ordinal)
            .Replace("  relationships:", "spec:\n  x:", StringComparison.Ordinal));
        yield return ("billion laughs in rules",
            Good.Replace("  rules:\n", "  x: &a [1, 1]\n  rules:\n", StringComparison.Ordinal)
                + string.Concat(Enumerable.Range(0, 300).Select(i => $"# *a\n"))
                + "  y: [" + string.Join(", ", Enumerable.Repeat("*a", 300)) + "]\n");

        yield return ("nesting 10,000 deep (flow)", "spec: " + new string('[', 10_000) + new string(']', 10_000) + "\n");
        yield return ("nesting 10,000 deep (mappings)",
            "spec: " + string.Concat(Enumerable.Repeat("{a: ", 10_000)) + "1" + new string('}', 10_000) + "\n");
        yield return ("nesting 10,000 deep (block)", string.Concat(Enumerable.Range(0, 10_000).Select(i => new string(' ', i) + "a:\n")));

        // Duplicate keys at each level.
        yield return ("duplicate apiVersion", "apiVersion: kubernetes.openmcf.org/v1\n" + Good);
        yield return ("duplicate metadata.name", Good.Replace("  name: route", "  name: route\n  name: other", StringComparison.Ordinal));
        yield return ("duplicate spec.rules", Good + "  rules: []\n");
        yield return ("duplicate backend port",
            Good.Replace("          port: 5432", "          port: 5432\n          port: 5433", StringComparison.Ordinal));

        yield return ("tab indentation", Good.Replace("  name: route", "\tname: route", StringComparison.Ordinal));
        yield return ("tab before a key in a list", Good.Replace("          port: 5432", "\t\t  port: 5432", StringComparison.Ordinal));
        yield return ("merge key", Good.Replace(
            "        - name: svc\n          port: 5432",
            "        - &b {name: svc, port: 5432}\n        - <<: *b\n          weight: 2",
            StringComparison.Ordinal));
        yield return ("alias to an undefined anchor", Good.Replace("port: 5432", "port: *nowhere", StringComparison.Ordinal));
        yield return ("anchor reused as a map where a list is needed",
            Good.Replace("  rules:", "  parentRefs: &p {name: gw}\n  rules:", StringComparison.Ordinal));

        // Wrong types everywhere.
        string[] wrongValues = ["[1, 2]", "{a: b}", "true", "1.5", "\"quoted\"", "-7", "0x1F", ".inf", "!!binary aGVsbG8=", "~"];
        foreach (var (path, line) in ScalarFields)
        {
            var key = line[..(line.IndexOf(':', StringComparison.Ordinal) + 1)];
            foreach (var value in wrongValues)
            {
                var replaced = Good.Replace(line, $"{key} {value}", StringComparison.Ordinal);
                if (IsStillValid(path, value))
                {
                    continue;
                }

                yield return ($"{path} = {value}", replaced);
            }

            yield return ($"{path} as a 100,000-character string",
                Good.Replace(line, $"{key} {new string('x', 100_000)}", StringComparison.Ordinal));
            yield return ($"{path} with a Unicode look-alike", Good.Replace(line, $"{key} r\u043Eute", StringComparison.Ordinal));
            yield return ($"{path} with a zero-width space", Good.Replace(line, $"{key} ro\u200Bute", StringComparison.Ordinal));
        }

        // Every scalar of a manifest that uses every field, given a value of the wrong type or shape.
        foreach (var ((line, integer, required), index) in FullFields.Select((f, i) => (f, i)))
        {
            var key = line[..(line.IndexOf(':', StringComparison.Ordinal) + 1)];
            Assert.Contains(line, Full, StringComparison.Ordinal);
            foreach (var value in wrongValues)
            {
                if ((value == "~" && !required) || (value == "\"quoted\"" && !integer) || (value == "0x1F" && integer))
                {
                    continue; // null in an optional field means "unset", a quoted name is a name, 0x1F is 31: all valid.
                }

                yield return ($"full #{index} {line.Trim()} -> {value}", Full.Replace(line, $"{key} {value}", StringComparison.Ordinal));
            }
        }

        // Integers out of every range, in every integer field.
        string[] integers =
        [
            "2147483648", "-2147483649", "9223372036854775807", "9223372036854775808", "-9223372036854775809", "99999999999999999999999999",
            "0", "-1", "65536", "1e9", "5432.5", "1_000", "0o200000", "0x10000", "0120", "+-1",
        ];
        foreach (var (field, template) in new[]
        {
            ("backend port", "          port: {0}"),
            ("backend weight", "          port: 5432\n          weight: {0}"),
            ("parent port", "    - name: gw\n      port: {0}"),
        })
        {
            foreach (var value in integers)
            {
                var replacement = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, value);
                var text = field == "parent port"
                    ? Good.Replace("    - name: gw", replacement, StringComparison.Ordinal)
                    : Good.Replace("          port: 5432", replacement, StringComparison.Ordinal);
                if (field == "backend weight" && value is "0" or "65536" or "0o200000" or "0x10000")
                {
                    continue; // valid weights (0 sends nothing to that backend)
                }

                yield return ($"{field} = {value}", text);
            }
        }

        // null in every required field, and lists and maps where the other is expected.
        foreach (var (path, line) in ScalarFields)
        {
            var key = line[..(line.IndexOf(':', StringComparison.Ordinal) + 1)];
            yield return ($"{path} = null", Good.Replace(line, $"{key} null", StringComparison.Ordinal));
        }

        yield return ("metadata = null", Good.Replace("metadata:\n  name: route\n", "metadata: null\n", StringComparison.Ordinal));
        yield return ("spec = null", Good[..Good.IndexOf("spec:", StringComparison.Ordinal)] + "spec: null\n");
        yield return ("spec.namespace = null",
            Good.Replace("  namespace:\n    value: app-ns", "  namespace: null", StringComparison.Ordinal));
        yield return ("spec.rules = null", Good[..Good.IndexOf("  rules:", StringComparison.Ordinal)] + "  rules: null\n");
        yield return ("rules as a string", Good[..Good.IndexOf("  rules:", StringComparison.Ordinal)] + "  rules: all of them\n");
        yield return ("backendRefs as a map", Good.Replace(
            "    - backendRefs:\n        - name: svc\n          port: 5432",
            "    - backendRefs: {name: svc, port: 5432}",
            StringComparison.Ordinal));
        yield return ("metadata as a list",
            Good.Replace("metadata:\n  name: route", "metadata:\n  - name: route", StringComparison.Ordinal));
        yield return ("document is a list", "- " + Good.Replace("\n", "\n  ", StringComparison.Ordinal));
        yield return ("document is a scalar", "just some text\n");
        yield return ("document is a number", "42\n");

        // Empty and comment-only input, and unknown kinds mixed with good documents.
        yield return ("empty file", string.Empty);
        yield return ("only whitespace", "   \n\n  \n");
        yield return ("only comments", "# a comment\n# another\n");
        yield return ("only document markers", "---\n---\n...\n");
        yield return ("good document then an unknown kind", Good + "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");
        yield return ("unknown apiVersion then a good document",
            "apiVersion: kubernetes.openmcf.org/v2\nkind: KubernetesTcpRoute\nmetadata: {name: x}\n---\n" + Good);
        yield return ("good document then malformed YAML", Good + "---\nkey: [unclosed\n");
        yield return ("Kubernetes TCPRoute instead of the manifest",
            "apiVersion: gateway.networking.k8s.io/v1alpha2\nkind: TCPRoute\nmetadata: {name: x}\nspec: {rules: []}\n");

        // Structural damage: every line removed in turn.
        var lines = Good.Split('\n');
        for (var i = 0; i < lines.Length - 1; i++)
        {
            var damaged = string.Join('\n', lines.Where((_, j) => j != i));
            yield return ($"damage: line {i + 1} removed", damaged);
        }

        // Every line with its indentation shifted by one space.
        for (var i = 1; i < lines.Length - 1; i++)
        {
            var shifted = string.Join('\n', lines.Select((l, j) => j == i ? " " + l : l));
            yield return ($"damage: line {i + 1} indented one more", shifted);
        }
    }

    /// <summary>
    /// A few replacements leave the manifest valid (a quoted string where a string is expected, ~ in no required field);
    /// they are not hostile.
    /// </summary>
    private static bool IsStillValid(string path, string value) =>
        value == "\"quoted\""
            && !path.EndsWith(".port", StringComparison.Ordinal)
            && path is not ("apiVersion" or "kind" or "metadata.name" or "spec.namespace.value")
        || value == "\"quoted\"" && path is "metadata.name" or "spec.namespace.value"
        || value == "0x1F" && (path.EndsWith(".port", StringComparison.Ordinal) || path.EndsWith(".weight", StringComparison.Ordinal));

    private static string CultureInfoFree(FormattableString s) => FormattableString.Invariant(s);
}
