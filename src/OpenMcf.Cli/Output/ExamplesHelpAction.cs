using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace OpenMcf.Cli.Output;

/// <summary>The standard help, followed by the command's examples (System.CommandLine has no examples section of its own).</summary>
internal sealed partial class ExamplesHelpAction(HelpAction standard, CliConsole console, IReadOnlyDictionary<Command, string> examples)
    : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        // Each description says its default as a user types it ("2m"); System.CommandLine adds its own "[default: 00:02:00]",
        // which is taken out here (its help builder cannot be told not to).
        var configuration = parseResult.InvocationConfiguration;
        var output = configuration.Output;
        using var help = new StringWriter();
        configuration.Output = help;
        int code;
        try
        {
            code = standard.Invoke(parseResult);
        }
        finally
        {
            configuration.Output = output;
        }

        console.Out.Write(SystemDefault().Replace(help.ToString(), string.Empty));
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

    [System.Text.RegularExpressions.GeneratedRegex(@"\s*\[default:\s*[^\]]*\]")]
    private static partial System.Text.RegularExpressions.Regex SystemDefault();
}
