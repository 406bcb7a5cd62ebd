using OpenMcf.TcpRoute.Validation;

namespace OpenMcf.TcpRoute.Manifests;

/// <summary>
/// The read stage over all inputs, with kubectl's -f habits: files, "-" for stdin, directories
/// (their *.yaml and *.yml files in name order; subdirectories too when recursive).
/// </summary>
public static class ManifestInputs
{
    public const string Stdin = "-";

    /// <summary>Inputs larger than this are refused before they are parsed: a manifest is a few hundred bytes.</summary>
    public const long MaxInputBytes = 4 * 1024 * 1024;

    // Invalid UTF-8 is refused, not silently replaced: a replaced byte could hide in a name.
    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// The rule of the error that says the files given hold no manifests: lifted when emptiness is meant
    /// (--prune-allow-empty). A directory without manifest files (a forgotten -R?) and an empty standard input stay errors.
    /// </summary>
    public const string EmptyInput = "empty-input";

    public static ManifestReadResult Load(IEnumerable<string> paths, bool recursive, TextReader stdin) => Load(paths, recursive, stdin, []);

    public static ManifestReadResult Load(
        IEnumerable<string> paths, bool recursive, TextReader stdin, IReadOnlyList<ManifestOverride> overrides)
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
                    diagnostics.Add(Diagnostic.Error(
                        new SourceLocation(Stdin, 0, 0), string.Empty, "standard input (-f -) can be given only once"));
                    continue;
                }

                stdinRead = true;
                var buffer = new char[MaxInputBytes + 1];
                var length = stdin.ReadBlock(buffer, 0, buffer.Length);
                if (length > MaxInputBytes)
                {
                    diagnostics.Add(Diagnostic.Error(
                        new SourceLocation(Stdin, 0, 0),
                        string.Empty,
                        $"standard input is larger than {MaxInputBytes / (1024 * 1024)} MB; refused"));
                    continue;
                }

                var read = ManifestReader.Read(Stdin, new StringReader(new string(buffer, 0, length)), overrides);
                if (read.Documents.Count == 0 && read.Diagnostics.All(d => d.Severity != Severity.Error))
                {
                    // Never "no routes, meant": an empty pipe is more often a generator that failed.
                    diagnostics.Add(Diagnostic.Error(new SourceLocation(Stdin, 0, 0), string.Empty, "standard input holds no manifests"));
                }

                Add(read, documents, diagnostics);
                continue;
            }

            foreach (var file in Expand(path, recursive, diagnostics))
            {
                try
                {
                    if (new FileInfo(file).Length > MaxInputBytes)
                    {
                        diagnostics.Add(Diagnostic.Error(
                            new SourceLocation(file, 0, 0),
                            string.Empty,
                            $"the file is larger than {MaxInputBytes / (1024 * 1024)} MB; refused (a manifest is a few hundred bytes)"));
                        continue;
                    }

                    var bytes = File.ReadAllBytes(file);
                    var text = StrictUtf8.GetString(bytes, HasBom(bytes) ? 3 : 0, bytes.Length - (HasBom(bytes) ? 3 : 0));
                    Add(ManifestReader.Read(file, new StringReader(text), overrides), documents, diagnostics);
                }
                catch (System.Text.DecoderFallbackException e)
                {
                    diagnostics.Add(Diagnostic.Error(
                        new SourceLocation(file, 0, 0),
                        string.Empty,
                        $"the file is not valid UTF-8 (at byte {e.Index}); save it as UTF-8"));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    diagnostics.Add(Diagnostic.Error(new SourceLocation(file, 0, 0), string.Empty, $"cannot read the file: {e.Message}"));
                }
            }
        }

        return new ManifestReadResult(documents, diagnostics);
    }

    private static bool HasBom(byte[] bytes) => bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF;

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
            diagnostics.Add(Diagnostic.Error(
                new SourceLocation(path, 0, 0), string.Empty, $"the directory has no *.yaml or *.yml files{hint}"));
        }

        return files;
    }

    private static void Add(ManifestReadResult result, List<ManifestDocument> documents, List<Diagnostic> diagnostics)
    {
        documents.AddRange(result.Documents);
        diagnostics.AddRange(result.Diagnostics);
    }
}
