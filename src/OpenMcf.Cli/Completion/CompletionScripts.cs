namespace OpenMcf.Cli.Completion;

/// <summary>The completion script of each shell, kept as a script file beside this one and embedded in the program.</summary>
internal static class CompletionScripts
{
    /// <summary>The shells, as `openmcf completion SHELL` names them, with the file each script is kept in.</summary>
    private static readonly Dictionary<string, string> Files = new(StringComparer.Ordinal)
    {
        ["bash"] = "openmcf.bash",
        ["zsh"] = "openmcf.zsh",
        ["fish"] = "openmcf.fish",
        ["pwsh"] = "openmcf.ps1",
    };

    public static IReadOnlyCollection<string> Shells => Files.Keys;

    public static string For(string shell)
    {
        var name = $"completion/{Files[shell]}";
        using var stream = typeof(CompletionScripts).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"the completion script {name} is not embedded in openmcf");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
