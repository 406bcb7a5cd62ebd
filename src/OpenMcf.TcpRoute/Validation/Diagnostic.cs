using OpenMcf.TcpRoute.Manifests;

namespace OpenMcf.TcpRoute.Validation;

public enum Severity
{
    Error,
    Warning,
}

/// <summary>One problem (or notice) about the input, with the field path and where it is in the source.</summary>
/// <param name="Path">
/// The field path in the manifest, for example <c>spec.rules[1].backendRefs[0].weight</c>; empty for the document as a whole.
/// </param>
public sealed record Diagnostic(Severity Severity, SourceLocation Location, string Path, string Message)
{
    /// <summary>Set when the problem is one of the <see cref="StricterRules"/>: a rule the API server itself does not enforce.</summary>
    public string? Rule { get; init; }

    public static Diagnostic Error(SourceLocation location, string path, string message) => new(Severity.Error, location, path, message);

    public static Diagnostic Warning(SourceLocation location, string path, string message) =>
        new(Severity.Warning, location, path, message);

    public override string ToString()
    {
        var severity = Severity == Severity.Error ? "error" : "warning";
        return Path.Length == 0
            ? $"{Location}: {severity}: {Message}"
            : $"{Location}: {severity}: {Path}: {Message}";
    }
}
