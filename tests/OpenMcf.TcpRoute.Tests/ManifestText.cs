using OpenMcf.TcpRoute.Manifests;
using OpenMcf.TcpRoute.Validation;

namespace OpenMcf.TcpRoute.Tests;

/// <summary>Builds manifests for tests from YAML text, and runs them through the read and validate stages.</summary>
internal static class ManifestText
{
    public const string Minimal = """
        apiVersion: kubernetes.openmcf.org/v1
        kind: KubernetesTcpRoute
        metadata:
          name: route
        spec:
          namespace:
            value: app-ns
          parentRefs:
            - name: gw
          rules:
            - backendRefs:
                - name: svc
                  port: 5432
        """;

    public static ManifestReadResult Read(string yaml, string file = "test.yaml") => ManifestReader.Read(file, new StringReader(yaml));

    public static ValidatedBatch Validate(string yaml, string file = "test.yaml", string? version = null) =>
        ValidatedBatch.From(Read(yaml, file), version);

    public static IReadOnlyList<Diagnostic> Errors(string yaml, string? version = null)
    {
        var batch = Validate(yaml, version: version);
        return batch.InputDiagnostics
            .Concat(batch.Documents.SelectMany(d => d.Diagnostics))
            .Where(d => d.Severity == Severity.Error)
            .ToList();
    }

    /// <summary>The minimal manifest with one piece of text replaced (which must be there).</summary>
    public static string With(string find, string replace) =>
        Minimal.Contains(find, StringComparison.Ordinal)
            ? Minimal.Replace(find, replace, StringComparison.Ordinal)
            : throw new ArgumentException($"'{find}' is not in the minimal manifest");

    /// <summary>The 1-based line of the first line containing <paramref name="text"/>.</summary>
    public static int LineOf(string yaml, string text) =>
        yaml.Split('\n').Select((l, i) => (l, i)).First(x => x.l.Contains(text, StringComparison.Ordinal)).i + 1;
}
