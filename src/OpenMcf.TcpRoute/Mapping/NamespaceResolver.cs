using OpenMcf.TcpRoute.Manifests;
using OpenMcf.TcpRoute.Validation;

namespace OpenMcf.TcpRoute.Mapping;

/// <summary>Turns spec.namespace into the namespace the TCPRoute is applied in: the value, or the referenced manifest's field.</summary>
public static class NamespaceResolver
{
    /// <param name="references">The KubernetesNamespace (and other referenced) manifests given in the same invocation.</param>
    /// <returns>
    /// The namespace, or a diagnostic naming what is missing or wrong. <c>Unresolved</c> is set when the
    /// referenced manifest is simply not among the inputs (it may be given to apply alongside).
    /// </returns>
    public static (string? Namespace, Diagnostic? Problem, bool Unresolved) Resolve(
        ManifestDocument document, IReadOnlyCollection<ReferenceManifest> references)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(references);
        var ns = document.Manifest?.Spec?.Namespace;
        if (ns?.Value is { Length: > 0 } value)
        {
            return (value, null, false);
        }

        if (ns?.ValueFrom is not { } from)
        {
            return (
                null,
                Diagnostic.Error(document.SourceMap.Locate("spec.namespace"), "spec.namespace", "required: set namespace.value"),
                false);
        }

        const string path = "spec.namespace.valueFrom";
        var location = document.SourceMap.Locate(path);
        var kind = from.Kind ?? ValueFromReference.DefaultKind;
        var fieldPath = from.FieldPath ?? ValueFromReference.DefaultFieldPath;
        var target = references.FirstOrDefault(r => r.Kind == kind && r.Name == from.Name);
        if (target is null)
        {
            return (
                null,
                Diagnostic.Error(
                    location,
                    path,
                    $"the namespace refers to {kind} \"{from.Name}\", which is not among the inputs; "
                        + "pass its manifest with -f as well (or write spec.namespace.value)"),
                true);
        }

        var field = string.Join('.', fieldPath.Split('.').Select(FieldNames.ToCamelCase));
        if (!target.Fields.TryGetValue(field, out var resolved) || resolved.Length == 0)
        {
            return (null, Diagnostic.Error(location, path, $"{kind} \"{from.Name}\" has no {fieldPath} to take the namespace from"), false);
        }

        return GatewayApiPatterns.DnsLabel().IsMatch(resolved) && resolved.Length <= 63
            ? (resolved, null, false)
            : (
                null,
                Diagnostic.Error(
                    location,
                    path,
                    $"{kind} \"{Shorten(from.Name)}\" gives the namespace \"{Shorten(resolved)}\" ({fieldPath}), "
                        + "which is not a valid namespace name: "
                        + "use 1 to 63 lower-case letters, digits and '-', starting and ending with a letter or digit"),
                false);
    }

    private static string Shorten(string? s) => DisplayText.Shorten(s);
}
