namespace OpenMcf.TcpRoute.Manifests;

/// <summary>Where something came from: a file (or "-" for stdin) and a 1-based line and column.</summary>
public readonly record struct SourceLocation(string File, int Line, int Column)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}:{Column}" : File;
}
