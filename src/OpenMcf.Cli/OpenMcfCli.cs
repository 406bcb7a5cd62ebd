using System.CommandLine;
using System.CommandLine.Completions;
using System.CommandLine.Help;
using OpenMcf.Cli.Commands;
using OpenMcf.Cli.Completion;
using OpenMcf.Cli.Output;

namespace OpenMcf.Cli;

/// <summary>The command tree and the single entry point used by Program and by tests.</summary>
internal static class OpenMcfCli
{
    public static RootCommand Build(CliConsole console)
    {
        var root = new RootCommand(
            "openmcf: validate KubernetesTcpRoute manifests, render them as Gateway API TCPRoutes and server-side-apply them.");
        var examples = new Dictionary<Command, string>
        {
            [ValidateCommand.Create(console)] = ValidateCommand.Examples,
            [ApplyCommand.Create(console)] = ApplyCommand.Examples,
            [PlanCommand.Create(console)] = PlanCommand.Examples,
            [CheckCommand.Create(console)] = CheckCommand.Examples,
            [DestroyCommand.Create(console)] = DestroyCommand.Examples,
            [StatusCommand.Create(console)] = StatusCommand.Examples,
            [SchemaCommand.Create(console)] = SchemaCommand.Examples,
            [CompletionCommand.Create(console)] = CompletionCommand.Examples,
            [VersionCommand.Create(console)] = "openmcf version",
        };
        foreach (var command in examples.Keys)
        {
            root.Subcommands.Add(command);
        }

        var help = root.Options.OfType<HelpOption>().Single();
        var standard = (HelpAction)help.Action!;
        help.Action = new ExamplesHelpAction(standard, console, examples);

        var suggest = root.Directives.OfType<SuggestDirective>().Single();
        suggest.Action = new SuggestAction(suggest);
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken = default)
    {
        // The completion scripts' question: its words are another command line, to complete rather than to parse as
        // options of its own (-h there must not print help).
        if (args is [CompletionRequest.Name, .. var words])
        {
            return CompletionRequest.Run(Build(console), words, console.Out);
        }

        var parseResult = Build(console).Parse(args);

        // System.CommandLine answers parse errors with exit 1, which we reserve for invalid manifests.
        if (parseResult.Errors.Count > 0 && parseResult.Action is not (HelpAction or ExamplesHelpAction))
        {
            foreach (var error in parseResult.Errors)
            {
                await console.Error.WriteLineAsync($"error: {error.Message}").ConfigureAwait(false);
            }

            var name = parseResult.CommandResult.Command.Name;
            var command = string.Join(' ', name == "openmcf" ? ["openmcf"] : new[] { "openmcf", name });
            await console.Error.WriteLineAsync($"Run '{command} --help' for usage.").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }

        // Our commands turn every expected failure into a result; what escapes is interruption or a bug,
        // and neither may end in a stack trace.
        var configuration = new InvocationConfiguration
        {
            Output = console.Out,
            Error = console.Error,
            EnableDefaultExceptionHandler = false,

            // Ctrl-C cancels the command, which then gives up an ApplySet's lease (retrying for up to
            // 30 s while the server is unreachable): System.CommandLine's default 2 s would cut that short
            // and leave the set held for the lease's 5 minutes.
            ProcessTerminationTimeout = TimeSpan.FromSeconds(35),
        };
        try
        {
            return await parseResult.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await console.Error.WriteLineAsync("error: interrupted; nothing more was sent").ConfigureAwait(false);
            return ExitCodes.Interrupted;
        }
#pragma warning disable CA1031 // The last line of defence: a bug must still end as one sentence and an exit code.
        catch (Exception e)
#pragma warning restore CA1031
        {
            await console.Error.WriteLineAsync($"error: {Unexpected(e)}").ConfigureAwait(false);
            return ExitCodes.For(Outcome.Unexpected);
        }
    }

    /// <summary>What a bug says: one sentence, never a stack trace.</summary>
    public static string Unexpected(Exception e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return $"openmcf failed unexpectedly ({e.GetType().Name}: {e.Message.Split('\n')[0]}); "
            + "this is a bug, please report it with the command you ran";
    }
}
