using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace OpenMcf.Cli.Output;

/// <summary>The standard help, followed by the command's examples (System.CommandLine has no examples section of its own).</summary>
internal sealed class ExamplesHelpAction(HelpAction standard, CliConsole console, IReadOnlyDictionary<Command, string> examples)
    : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var code = standard.Invoke(parseResult);
        if (examples.TryGetValue(parseResult.CommandResult.Command, out var text))
        {
            console.Out.WriteLine("Examples:");
            foreach (var line in text.Split('\n'))
            {
                console.Out.WriteLine($"  {line.TrimEnd()}");
            }

            console.Out.WriteLine();
        }

        return code;
    }
}
