namespace OpenMcf.TcpRoute.Manifests;

/// <summary>
/// Field path → where its value starts in the source, for one document. A path that was never
/// written (a missing required field) resolves to its nearest written ancestor.
/// </summary>
public sealed class SourceMap(SourceLocation documentStart)
{
    private readonly Dictionary<string, SourceLocation> _locations = new(StringComparer.Ordinal);
    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);

    public SourceLocation DocumentStart { get; } = documentStart;

    internal void Add(string path, SourceLocation location) => _locations[path] = location;

    internal void AddIfAbsent(string path, SourceLocation location) => _locations.TryAdd(path, location);

    /// <summary>Remembers that the reader already reported a problem at this path, so validation does not report it twice.</summary>
    internal void MarkReported(string path) => _reported.Add(path);

    public bool IsReported(string path)
    {
        for (var p = path; p.Length > 0; p = Parent(p))
        {
            if (_reported.Contains(p))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the reader reported a problem at this path or anywhere below it.</summary>
    public bool IsReportedWithin(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return _reported.Any(r => r == path
            || (r.StartsWith(path, StringComparison.Ordinal) && r.Length > path.Length && r[path.Length] is '.' or '['));
    }

    public SourceLocation Locate(string path)
    {
        for (var p = path; p.Length > 0; p = Parent(p))
        {
            if (_locations.TryGetValue(p, out var location))
            {
                return location;
            }
        }

        return DocumentStart;
    }

    private static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? string.Empty : path[..cut];
    }
}
