namespace OpenMcf.Cli.Reports;

/// <summary>
/// Turns the paths the findings carry (as typed, relative to the working directory) into the ones CI reads: relative to
/// the workspace (GITHUB_WORKSPACE, else the working directory) with forward slashes, so that an annotation or a SARIF
/// result lands on the file in the repository. A path outside the workspace, and stdin ("-"), stay as given.
/// </summary>
internal sealed class ReportPaths
{
    private readonly string _workingDirectory;

    /// <param name="workspace">GITHUB_WORKSPACE, or null outside GitHub Actions (the working directory is the base then).</param>
    /// <param name="workingDirectory">What relative paths are relative to: passed in, so that tests need no chdir.</param>
    public ReportPaths(string? workspace, string workingDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(workingDirectory);
        _workingDirectory = Path.GetFullPath(workingDirectory);
        Base = string.IsNullOrEmpty(workspace) ? _workingDirectory : Path.GetFullPath(workspace, _workingDirectory);
    }

    /// <summary>The folder reported paths are relative to, absolute.</summary>
    public string Base { get; }

    /// <summary>The process's own: GITHUB_WORKSPACE when set, and the current directory.</summary>
    public static ReportPaths FromEnvironment() =>
        new(Environment.GetEnvironmentVariable("GITHUB_WORKSPACE"), Environment.CurrentDirectory);

    /// <summary>The path to show: relative to <see cref="Base"/> with '/' when inside it, else as given.</summary>
    public string Display(string path) => Relative(path) ?? path;

    /// <summary>The path relative to <see cref="Base"/> with '/', or null for stdin and for a path outside it.</summary>
    public string? Relative(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length == 0 || path == "-")
        {
            return null;
        }

        var relative = Path.GetRelativePath(Base, Path.GetFullPath(path, _workingDirectory));
        var outside = Path.IsPathRooted(relative)
            || relative == ".."
            || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal);
        return outside ? null : relative.Replace(Path.DirectorySeparatorChar, '/');
    }

    /// <summary>The absolute path, for a file outside <see cref="Base"/> that SARIF names by a file: URI.</summary>
    public string Absolute(string path) => Path.GetFullPath(path, _workingDirectory);
}
