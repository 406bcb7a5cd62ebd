using OpenMcf.TcpRoute.Manifests;
using OpenMcf.TcpRoute.Validation;

namespace OpenMcf.TcpRoute.Mapping;

/// <summary>Turns spec.namespace into the namespace the TCPRoute is applied in.</summary>
public static class NamespaceResolver
{
    /// <returns>The namespace, or a diagnostic saying why it cannot be had.</returns>
    public static (string? Namespace, Diagnostic? Problem) Resolve(ManifestDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var ns = document.Manifest?.Spec?.Namespace;
        if (ns?.Value is { Length: > 0 } value)
        {
            return (value, null);
        }

        if (ns?.ValueFrom is { } from)
        {
            const string path = "spec.namespace.valueFrom";
            var kind = from.Kind ?? ValueFromReference.DefaultKind;
            var fieldPath = from.FieldPath ?? ValueFromReference.DefaultFieldPath;
            return (null, Diagnostic.Error(
                document.SourceMap.Locate(path),
                path,
                $"the namespace refers to {kind} \"{from.Name}\" ({fieldPath}), which this version of openmcf cannot resolve; write the namespace as spec.namespace.value"));
        }

        return (null, Diagnostic.Error(document.SourceMap.Locate("spec.namespace"), "spec.namespace", "required: set namespace.value"));
    }
}
