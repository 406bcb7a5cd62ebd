namespace OpenMcf.TcpRoute.Manifests;

/// <summary>
/// A manifest of another OpenMCF kind (KubernetesNamespace) given alongside routes only so that
/// their <c>valueFrom</c> references can be resolved; it is never applied. Its scalar fields are
/// kept by path (camelCase), for any <c>fieldPath</c> a reference may ask for.
/// </summary>
public sealed record ReferenceManifest(string Kind, string Name, IReadOnlyDictionary<string, string> Fields)
{
    public const string NamespaceKind = "KubernetesNamespace";
}
