using OpenMcf.TcpRoute.Validation;

namespace OpenMcf.TcpRoute.Manifests;

/// <summary>
/// The read stage over all inputs, with kubectl's -f habits: files, "-" for stdin, directories
/// (their *.yaml and *.yml files in name order; subdirectories too when recursive).
/// </summary>
public static class ManifestInputs
{
    public const string Stdin = "-";

    public static ManifestReadResult Load(IEnumerable<string> paths, bool recursive, TextReader stdin) => Load(paths, recursive, stdin, []);

    public static ManifestReadResult Load(IEnumerable<string> paths, bool recursive, TextReader stdin, IReadOnlyList<ManifestOverride> overrides)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(stdin);
        var documents = new List<ManifestDocument>();
        var diagnostics = new List<Diagnostic>();
        var stdinRead = false;
        foreach (var path in paths)
        {
            if (path == Stdin)
            {
                if (stdinRead)
                {
                    diagnostics.Add(Diagnostic.Error(new SourceLocation(Stdin, 0, 0), string.Empty, "standard input (-f -) can be given only once"));
                    continue;
                }

                stdinRead = true;
                Add(ManifestReader.Read(Stdin, stdin, overrides), documents, diagnostics);
                continue;
            }

            foreach (var file in Expand(path, recursive, diagnostics))
            {
                try
                {
                    using var reader = new StreamReader(file, detectEncodingFromByteOrderMarks: true);
                    Add(ManifestReader.Read(file, reader, overrides), documents, diagnostics);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    diagnostics.Add(Diagnostic.Error(new SourceLocation(file, 0, 0), string.Empty, $"cannot read the file: {e.Message}"));
                }
            }
        }

        return new ManifestReadResult(documents, diagnostics);
    }

    private static List<string> Expand(string path, bool recursive, List<Diagnostic> diagnostics)
    {
        if (File.Exists(path))
        {
            return [path];
        }

        if (!Directory.Exists(path))
        {
            diagnostics.Add(Diagnostic.Error(new SourceLocation(path, 0, 0), string.Empty, "no such file or directory"));
            return [];
        }

        var option = recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly;
        var files = Directory.EnumerateFiles(path, "*", option)
            .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            var hint = recursive ? string.Empty : " (use -R to include subdirectories)";
            diagnostics.Add(Diagnostic.Error(new SourceLocation(path, 0, 0), string.Empty, $"the directory has no *.yaml or *.yml files{hint}"));
        }

        return files;
    }

    private static void Add(ManifestReadResult result, List<ManifestDocument> documents, List<Diagnostic> diagnostics)
    {
        documents.AddRange(result.Documents);
        diagnostics.AddRange(result.Diagnostics);
    }
}
