namespace OpenMcf.TcpRoute.Tests.Validation;

/// <summary>Our own cases beyond upstream's: every field rule, counts, the CEL rules, and type errors from the reader.</summary>
public class ValidatorCasesTests
{
    private static string With(string find, string replace) =>
        ManifestText.Minimal.Contains(find, StringComparison.Ordinal)
            ? ManifestText.Minimal.Replace(find, replace, StringComparison.Ordinal)
            : throw new ArgumentException($"'{find}' is not in the minimal manifest");

    private static string Repeat(string item, int count) =>
        string.Concat(Enumerable.Range(0, count).Select(i => string.Format(System.Globalization.CultureInfo.InvariantCulture, item, i)));

    public static TheoryData<string, string, string, string> Cases() => new()
    {
        // name, yaml, expected path, text on the expected line
        { "parentRef port 0", With("    - name: gw", "    - name: gw\n      port: 0"), "spec.parentRefs[0].port", "port: 0" },
        { "parentRef port 65536", With("    - name: gw", "    - name: gw\n      port: 65536"), "spec.parentRefs[0].port", "65536" },
        { "parentRef namespace upper case", With("    - name: gw", "    - name: gw\n      namespace: Infra"),
            "spec.parentRefs[0].namespace", "Infra" },
        { "parentRef sectionName leading dash", With("    - name: gw", "    - name: gw\n      sectionName: -tcp"),
            "spec.parentRefs[0].sectionName", "-tcp" },
        { "parentRef group upper case", With("    - name: gw", "    - name: gw\n      group: Gateway.Networking"),
            "spec.parentRefs[0].group", "Gateway.Networking" },
        { "parentRef without name", With("    - name: gw", "    - sectionName: tcp"), "spec.parentRefs[0].name", "sectionName: tcp" },
        { "parentRef name of 254 characters", With("    - name: gw", "    - name: " + new string('g', 254)),
            "spec.parentRefs[0].name", "ggggg" },
        { "backend weight -1", With("          port: 5432", "          port: 5432\n          weight: -1"),
            "spec.rules[0].backendRefs[0].weight", "weight: -1" },
        { "backend weight 1000001", With("          port: 5432", "          port: 5432\n          weight: 1000001"),
            "spec.rules[0].backendRefs[0].weight", "1000001" },
        { "backend namespace of 64 characters",
            With("          port: 5432", "          port: 5432\n          namespace: " + new string('n', 64)),
            "spec.rules[0].backendRefs[0].namespace", "nnnn" },
        { "backend kind empty", With("          port: 5432", "          port: 5432\n          kind: \"\""),
            "spec.rules[0].backendRefs[0].kind", "kind: \"\"" },
        { "backend kind of 64 characters", With("          port: 5432", "          port: 5432\n          kind: K" + new string('k', 63)),
            "spec.rules[0].backendRefs[0].kind", "Kkkk" },
        { "explicit Service backend without port", With("          port: 5432", "          kind: Service"),
            "spec.rules[0].backendRefs[0].port", "- name: svc" },
        { "backend port 0", With("port: 5432", "port: 0"), "spec.rules[0].backendRefs[0].port", "port: 0" },
        { "metadata.name missing", With("  name: route\n", "  org: acme\n"), "metadata.name", "metadata:" },
        { "metadata.name with underscore", With("name: route", "name: Route_1"), "metadata.name", "Route_1" },
        { "metadata.name of 254 characters", With("name: route", "name: " + new string('r', 254)), "metadata.name", "rrrr" },
        { "metadata missing", With("metadata:\n  name: route\n", string.Empty), "metadata", "apiVersion" },
        { "spec missing", ManifestText.Minimal[..ManifestText.Minimal.IndexOf("spec:", StringComparison.Ordinal)], "spec", "apiVersion" },
        { "namespace with value and valueFrom", With("    value: app-ns", "    value: app-ns\n    valueFrom:\n      name: ns"),
            "spec.namespace", "namespace:" },
        { "valueFrom without name", With("    value: app-ns", "    valueFrom:\n      kind: KubernetesNamespace"),
            "spec.namespace.valueFrom.name", "valueFrom:" },
        { "namespace of 64 characters", With("value: app-ns", "value: " + new string('a', 64)), "spec.namespace.value", "aaaa" },
        { "namespace with a dot", With("value: app-ns", "value: app.ns"), "spec.namespace.value", "app.ns" },
        { "17 rules", With("  rules:\n", "  rules:\n" + Repeat("    - backendRefs: [{{name: s{0}, port: 80}}]\n", 16)),
            "spec.rules", "rules:" },
        { "17 backendRefs", With("    - backendRefs:\n", "    - backendRefs:\n" + Repeat("        - {{name: s{0}, port: 80}}\n", 16)),
            "spec.rules[0].backendRefs", "backendRefs:" },
        { "33 parentRefs", With("    - name: gw\n", Repeat("    - {{name: gw, sectionName: l{0}}}\n", 33)),
            "spec.parentRefs", "parentRefs:" },
        { "17 rules in flow style",
            ManifestText.Minimal[..ManifestText.Minimal.IndexOf("  rules:", StringComparison.Ordinal)]
                + "  rules: [" + Repeat("{{backendRefs: [{{name: s{0}, port: 80}}]}}, ", 16) + "{backendRefs: [{name: x, port: 80}]}]\n",
            "spec.rules", "rules: [" },
        { "duplicate rule names",
            With("    - backendRefs:", "    - name: a\n      backendRefs: [{name: x, port: 1}]\n    - name: a\n      backendRefs:"),
            "spec.rules[1].name", "LAST:- name: a" },
        { "same parent twice with the same sectionName",
            With("    - name: gw", "    - name: gw\n      sectionName: tcp\n    - name: gw\n      sectionName: tcp"),
            "spec.parentRefs[1]", "LAST:name: gw" },
        { "same parent twice with the same port", With("    - name: gw", "    - {name: gw, port: 80}\n    - {name: gw, port: 80}"),
            "spec.parentRefs[1]", "LAST:{name: gw, port: 80}" },
        { "unknown field", With("    - backendRefs:", "    - backendRef:"), "spec.rules[0].backendRef", "backendRef:" },
        { "port as quoted string", With("port: 5432", "port: \"5432\""), "spec.rules[0].backendRefs[0].port", "\"5432\"" },
        { "port as fraction", With("port: 5432", "port: 5432.5"), "spec.rules[0].backendRefs[0].port", "5432.5" },
        { "port beyond int64", With("port: 5432", "port: 99999999999999999999"), "spec.rules[0].backendRefs[0].port", "9999" },
        { "port beyond int32", With("port: 5432", "port: 4294967296"), "spec.rules[0].backendRefs[0].port", "4294967296" },
        { "port as a list", With("port: 5432", "port: [5432]"), "spec.rules[0].backendRefs[0].port", "[5432]" },
        { "name as number", With("name: svc", "name: 123"), "spec.rules[0].backendRefs[0].name", "name: 123" },
        { "name as boolean", With("name: svc", "name: true"), "spec.rules[0].backendRefs[0].name", "name: true" },
        { "rules as a mapping",
            ManifestText.Minimal[..ManifestText.Minimal.IndexOf("  rules:", StringComparison.Ordinal)] + "  rules: {a: b}\n",
            "spec.rules", "rules: {a: b}" },
        { "spec as a list", ManifestText.Minimal[..ManifestText.Minimal.IndexOf("spec:", StringComparison.Ordinal)] + "spec: [1]\n",
            "spec", "spec: [1]" },
        { "wrong apiVersion", With("kubernetes.openmcf.org/v1", "kubernetes.openmcf.org/v2"), "apiVersion", "apiVersion" },
        { "wrong kind", With("kind: KubernetesTcpRoute", "kind: KubernetesTCPRoute"), "kind", "kind:" },
        { "null list entry", With("    - name: gw", "    - name: gw\n    - ~"), "spec.parentRefs[1]", "- ~" },
        { "camelCase and snake_case of one field", With("    - name: gw", "    - name: gw\n      sectionName: a\n      section_name: b"),
            "spec.parentRefs[0].sectionName", "section_name" },
        { "useDefaultGateways lower case", With("  rules:", "  useDefaultGateways: all\n  rules:"), "spec.useDefaultGateways", "all" },
        { "context label empty", With("  name: route", "  name: route\n  labels:\n    kubernetes.openmcf.org/context: \"\""),
            "metadata.labels", "labels:" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Invalid_manifest_is_rejected_with_path_and_line(string name, string yaml, string path, string lineText)
    {
        var errors = ManifestText.Errors(yaml);
        var error = Assert.Single(errors);
        Assert.True(error.Path == path, $"{name}: expected {path}, got {error}");
        var expectedLine = lineText.StartsWith("LAST:", StringComparison.Ordinal)
            ? yaml.Split('\n').Select((l, i) => (l, i)).Last(x => x.l.Contains(lineText[5..], StringComparison.Ordinal)).i + 1
            : ManifestText.LineOf(yaml, lineText);
        Assert.True(expectedLine == error.Location.Line, $"{name}: expected line {expectedLine}, got {error}");
    }

    [Fact]
    public void Same_parent_twice_without_sectionName_or_port_reports_both_refs()
    {
        var errors = ManifestText.Errors(With("    - name: gw", "    - name: gw\n    - name: gw"));
        Assert.Equal(["spec.parentRefs[0]", "spec.parentRefs[1]"], errors.Select(e => e.Path));
        Assert.All(errors, e => Assert.Contains("sectionName or port must be set", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var yaml = With("port: 5432", "port: 70000\n          weight: 2000000\n          namespace: Bad");
        var errors = ManifestText.Errors(yaml);
        Assert.Equal(
            ["spec.rules[0].backendRefs[0].port", "spec.rules[0].backendRefs[0].weight", "spec.rules[0].backendRefs[0].namespace"],
            errors.Select(e => e.Path));
    }

    [Fact]
    public void Misspelt_field_gets_the_closest_valid_name()
    {
        var error = Assert.Single(ManifestText.Errors(With("    - name: gw", "    - name: gw\n      sectionname: tcp")));
        Assert.Contains("did you mean `sectionName`?", error.Message, StringComparison.Ordinal);
        var kind = Assert.Single(ManifestText.Errors(With("kind: KubernetesTcpRoute", "kind: KubernetesTCPRoute")));
        Assert.Contains("did you mean `KubernetesTcpRoute`?", kind.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> ValidCases() => new()
    {
        { "snake_case names", With("parentRefs:", "parent_refs:")
            .Replace("backendRefs:", "backend_refs:", StringComparison.Ordinal)
            .Replace("    - name: gw", "    - name: gw\n      section_name: tcp", StringComparison.Ordinal) },
        { "use_default_gateways", With("  rules:", "  use_default_gateways: All\n  rules:") },
        { "non-Service backend without port", With("          port: 5432", "          group: example.com\n          kind: Custom") },
        { "weight 0 and port 65535", With("port: 5432", "port: 65535\n          weight: 0") },
        { "empty group (core)", With("port: 5432", "port: 5432\n          group: \"\"") },
        { "same parent twice with distinct sectionNames",
            With("    - name: gw", "    - {name: gw, sectionName: a}\n    - {name: gw, sectionName: b}") },
        { "same name in different namespaces", With("    - name: gw", "    - {name: gw, namespace: a}\n    - {name: gw, namespace: b}") },
        { "valueFrom reference", With("    value: app-ns", "    valueFrom:\n      name: app-namespace") },
        { "upstream metadata fields", With(
            "  name: route",
            "  name: route\n  org: acme\n  env: prod\n  slug: r\n  id: x\n  labels: {team: db}\n  annotations: {a: b}\n  tags: [x]\n"
                + "  relationships: [{kind: K}]\n  version: {message: m}") },
        { "targetCluster (ignored)", With("spec:", "spec:\n  targetCluster:\n    clusterKind: GcpGkeCluster\n    clusterName: prod") },
        { "null optional fields", With("    - name: gw", "    - name: gw\n      sectionName: null\n      port: ~") },
        { "several documents", ManifestText.Minimal + "\n---\n" + With("name: route", "name: route-2") },
        { "document start marker and empty documents", "---\n---\n# only a comment\n---\n" + ManifestText.Minimal },
        { "anchors and aliases", With("  rules:\n", "  rules:\n    - backendRefs: [&b {name: x, port: 1}]\n    - backendRefs: [*b]\n") },
        { "UTF-8 byte order mark", "\uFEFF" + ManifestText.Minimal },
    };

    [Theory]
    [MemberData(nameof(ValidCases))]
    public void Valid_manifest_passes(string name, string yaml)
    {
        var errors = ManifestText.Errors(yaml);
        Assert.True(errors.Count == 0, $"{name}: {string.Join("; ", errors)}");
    }

    [Fact]
    public void TargetCluster_is_accepted_with_a_warning_that_it_is_ignored()
    {
        var batch = ManifestText.Validate(With("spec:", "spec:\n  targetCluster:\n    clusterName: prod"));
        Assert.True(batch.IsValid);
        var warning = Assert.Single(batch.Documents.Single().Diagnostics);
        Assert.Equal("spec.targetCluster", warning.Path);
        Assert.Contains("ignored", warning.Message, StringComparison.Ordinal);
    }
}
