using OpenMcf.TcpRoute.Validation;

namespace OpenMcf.TcpRoute.Manifests;

/// <summary>
/// One YAML document of an input: its manifest (when it could be read), where it came from, and what the reader found wrong.
/// </summary>
public sealed class ManifestDocument
{
    public required SourceLocation Location { get; init; }

    /// <summary>0-based position of the document in its file.</summary>
    public required int Index { get; init; }

    public required SourceMap SourceMap { get; init; }

    public TcpRouteManifest? Manifest { get; init; }

    /// <summary>Set instead of <see cref="Manifest"/> for a KubernetesNamespace (or other referenced) document.</summary>
    public ReferenceManifest? Reference { get; init; }

    public required IReadOnlyList<Diagnostic> Diagnostics { get; init; }

    /// <summary>A short name for messages: the manifest's name when it has one.</summary>
    /// <summary>The document's name as a status line shows it (shortened: a name may be 100,000 characters of garbage).</summary>
    public string DisplayName =>
        (Manifest?.Metadata?.Name ?? Reference?.Name) is { Length: > 0 } name ? DisplayText.Shorten(name) : $"document {Index + 1}";
}
