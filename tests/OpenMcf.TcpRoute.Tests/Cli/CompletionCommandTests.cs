using System.Diagnostics;

namespace OpenMcf.TcpRoute.Tests.Cli;

/// <summary>openmcf completion SHELL: a script for each shell, installed as its help shows.</summary>
public class CompletionCommandTests
{
    [Theory]
    [InlineData("bash", "complete -F _openmcf_complete openmcf")]
    [InlineData("zsh", "compdef _openmcf openmcf")]
    [InlineData("fish", "complete -c openmcf")]
    [InlineData("pwsh", "Register-ArgumentCompleter -Native -CommandName openmcf")]
    public async Task Each_shell_gets_its_script_which_asks_the_program(string shell, string registration)
    {
        var run = (await CliRun.Of("completion", shell)).Exits(0);
        Assert.Contains(registration, run.Stdout, StringComparison.Ordinal);
        Assert.Contains("__complete", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Stderr);
    }

    [Fact]
    public async Task An_unknown_shell_is_a_usage_error()
    {
        var run = (await CliRun.Of("completion", "tcsh")).Exits(2);
        Assert.Contains("Run 'openmcf completion --help' for usage.", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Stdout);
    }

    [Fact]
    public async Task Help_shows_how_to_install_it_in_each_shell()
    {
        var help = (await CliRun.Of("completion", "--help")).Exits(0);
        Assert.Contains("source <(openmcf completion bash)", help.Stdout, StringComparison.Ordinal);
        Assert.Contains("source <(openmcf completion zsh)", help.Stdout, StringComparison.Ordinal);
        Assert.Contains("openmcf completion fish > ~/.config/fish/completions/openmcf.fish", help.Stdout, StringComparison.Ordinal);
        Assert.Contains("openmcf completion pwsh | Out-String | Invoke-Expression", help.Stdout, StringComparison.Ordinal);
    }

    /// <summary>
    /// The zsh and fish scripts checked by their shell's own parser (CI installs both from Debian; fish also runs the script,
    /// see <see cref="FishCompletionTests"/>). PowerShell is not a Debian package: its script is not checked here.
    /// </summary>
    [Theory]
    [InlineData("zsh", "zsh", "-n {0}")]
    [InlineData("fish", "fish", "--no-execute {0}")]
    public async Task The_other_scripts_parse_in_their_shells(string shell, string program, string arguments)
    {
        var path = Environment.GetEnvironmentVariable("PATH")?.Split(Path.PathSeparator)
            .Select(folder => Path.Combine(folder, program))
            .FirstOrDefault(File.Exists);
        Assert.SkipWhen(path is null, $"{program} is not installed: the {shell} script was not checked");

        var script = Path.Combine(Path.GetTempPath(), $"openmcf-completion-{Guid.NewGuid():N}.{shell}");
        var text = (await CliRun.Of("completion", shell)).Exits(0).Stdout;
        await File.WriteAllTextAsync(script, text, TestContext.Current.CancellationToken);
        try
        {
            using var process = Process.Start(new ProcessStartInfo(path!, string.Format(null, arguments, script))
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken)
                + await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.True(process.ExitCode == 0, $"{program} rejects the {shell} script:\n{output}");
        }
        finally
        {
            File.Delete(script);
        }
    }
}
