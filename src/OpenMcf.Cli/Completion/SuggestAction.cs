using System.CommandLine;
using System.CommandLine.Completions;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Globalization;

namespace OpenMcf.Cli.Completion;

/// <summary>
/// <c>openmcf [suggest:POSITION] "LINE"</c>, the directive System.CommandLine enables on every root command and dotnet-suggest
/// asks, answered as <see cref="CompletionRequest"/> answers (one candidate a line, no paths): System.CommandLine's own
/// answer fails on --dry-run=cl with an error that reads like a bug of openmcf.
/// </summary>
internal sealed class SuggestAction(SuggestDirective directive) : SynchronousCommandLineAction
{
    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var line = parseResult.Tokens.LastOrDefault(t => t.Type != TokenType.Directive)?.Value ?? string.Empty;
        var position = parseResult.GetResult(directive)?.Values is [var value]
            && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var at)
                ? Math.Min(at, line.Length)
                : line.Length;
        var text = line[..position];
        var words = CommandLineParser.SplitCommandLine(text).ToList();

        // The line is the whole command line, the program first (as dotnet-suggest passes it).
        var root = (RootCommand)parseResult.RootCommandResult.Command;
        if (words.Count > 0 && Path.GetFileNameWithoutExtension(words[0]) is var program && (program == "openmcf" || program == root.Name))
        {
            words.RemoveAt(0);
        }

        if (text.Length == 0 || char.IsWhiteSpace(text[^1]))
        {
            words.Add(string.Empty);
        }

        var answer = CompletionRequest.Answer(root, words);
        foreach (var candidate in answer.Candidates)
        {
            parseResult.InvocationConfiguration.Output.WriteLine(candidate);
        }

        return ExitCodes.Success;
    }
}
