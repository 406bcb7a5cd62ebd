namespace OpenMcf.TcpRoute.Tests.Validation;

/// <summary>The upstream OpenMCF KubernetesTcpRoute test cases (shared/notes/gateway-api-tcproute.md); all must hold.</summary>
public class UpstreamCasesTests
{
    public static TheoryData<string, string> ValidCases() => new()
    {
        { "minimal route", ManifestText.Minimal },
        { "named rule forward",
            ManifestText.Minimal.Replace("    - backendRefs:", "    - name: forward\n      backendRefs:", StringComparison.Ordinal) },
        { "useDefaultGateways All",
            ManifestText.Minimal.Replace("  rules:", "  useDefaultGateways: All\n  rules:", StringComparison.Ordinal) },
        { "useDefaultGateways None",
            ManifestText.Minimal.Replace("  rules:", "  useDefaultGateways: None\n  rules:", StringComparison.Ordinal) },
        {
            "two weighted backends 90/10", ManifestText.Minimal.Replace("          port: 5432", """
                          port: 5432
                          weight: 90
                        - name: canary
                          port: 5432
                          weight: 10
                """.TrimEnd(), StringComparison.Ordinal)
        },
        {
            "two rules", ManifestText.Minimal + """

                    - backendRefs:
                        - name: other
                          port: 6432
                """.TrimEnd()
        },
        { "no parentRefs", ManifestText.Minimal.Replace("  parentRefs:\n    - name: gw\n", string.Empty, StringComparison.Ordinal) },
    };

    [Theory]
    [MemberData(nameof(ValidCases))]
    public void Valid_cases_have_no_errors(string name, string yaml)
    {
        var errors = ManifestText.Errors(yaml);
        Assert.True(errors.Count == 0, $"{name}: {string.Join("; ", errors)}");
    }

    public static TheoryData<string, string, string, string> InvalidCases() => new()
    {
        // name, yaml, expected field path, text on the expected line
        { "missing namespace", ManifestText.Minimal.Replace("  namespace:\n    value: app-ns\n", string.Empty, StringComparison.Ordinal),
            "spec.namespace", "spec:" },
        { "useDefaultGateways Some",
            ManifestText.Minimal.Replace("  rules:", "  useDefaultGateways: Some\n  rules:", StringComparison.Ordinal),
            "spec.useDefaultGateways", "Some" },
        { "zero rules", ManifestText.Minimal[..ManifestText.Minimal.IndexOf("  rules:", StringComparison.Ordinal)] + "  rules: []\n",
            "spec.rules", "rules: []" },
        { "rule with no backendRefs",
            ManifestText.Minimal[..ManifestText.Minimal.IndexOf("    - backendRefs:", StringComparison.Ordinal)] + "    - name: empty\n",
            "spec.rules[0].backendRefs", "name: empty" },
        { "backendRef without name",
            ManifestText.Minimal.Replace("        - name: svc\n          port: 5432", "        - port: 5432", StringComparison.Ordinal),
            "spec.rules[0].backendRefs[0].name", "- port: 5432" },
        { "backend port 70000", ManifestText.Minimal.Replace("port: 5432", "port: 70000", StringComparison.Ordinal),
            "spec.rules[0].backendRefs[0].port", "70000" },
        { "backend group Bad_Group",
            ManifestText.Minimal.Replace(
                "          port: 5432", "          port: 5432\n          group: Bad_Group", StringComparison.Ordinal),
            "spec.rules[0].backendRefs[0].group", "Bad_Group" },
        { "rule name Bad_Name",
            ManifestText.Minimal.Replace("    - backendRefs:", "    - name: Bad_Name\n      backendRefs:", StringComparison.Ordinal),
            "spec.rules[0].name", "Bad_Name" },
        { "parentRef kind bad/kind",
            ManifestText.Minimal.Replace("    - name: gw", "    - name: gw\n      kind: bad/kind", StringComparison.Ordinal),
            "spec.parentRefs[0].kind", "bad/kind" },
        { "namespace value empty", ManifestText.Minimal.Replace("value: app-ns", "value: \"\"", StringComparison.Ordinal),
            "spec.namespace.value", "value: \"\"" },
    };

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public void Invalid_cases_are_rejected_with_path_and_line(string name, string yaml, string path, string lineText)
    {
        var errors = ManifestText.Errors(yaml);
        var error = Assert.Single(errors);
        Assert.True(error.Path == path, $"{name}: expected {path}, got {error}");
        Assert.Equal(ManifestText.LineOf(yaml, lineText), error.Location.Line);
        Assert.Equal("test.yaml", error.Location.File);
    }
}
