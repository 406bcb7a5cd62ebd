using System.CommandLine;
using OpenMcf.Cli.Completion;

namespace OpenMcf.Cli.Commands;

/// <summary>openmcf completion SHELL: print the shell's completion script.</summary>
internal static class CompletionCommand
{
    public const string Examples = """
        source <(openmcf completion bash)                                   # bash: in ~/.bashrc
        source <(openmcf completion zsh)                                    # zsh: in ~/.zshrc, after compinit
        openmcf completion fish > ~/.config/fish/completions/openmcf.fish   # fish: once
        openmcf completion pwsh | Out-String | Invoke-Expression            # PowerShell: in $PROFILE
        """;

    public static Command Create(CliConsole console)
    {
        var shell = new Argument<string>("shell")
        {
            Description = "bash, zsh, fish or pwsh (PowerShell).",
            HelpName = "shell",
        };
        shell.AcceptOnlyFromAmong([.. CompletionScripts.Shells]);
        var command = new Command(
            "completion",
            "Print the completion script of bash, zsh, fish or PowerShell: commands, options and their values (output formats, "
                + "dry runs, files for -f, the kubeconfig's contexts for --context), asked of openmcf each time so that they "
                + "never go stale.")
        {
            shell,
        };
        command.SetAction(parseResult =>
        {
            console.Out.Write(CompletionScripts.For(parseResult.GetRequiredValue(shell)));
            return ExitCodes.Success;
        });
        return command;
    }
}
