using System.CommandLine;
using System.CommandLine.Parsing;

namespace OpenMcf.Cli.Completion;

/// <summary>What to offer for the word under the cursor: candidates, or file paths, which the shell completes better.</summary>
internal sealed record CompletionAnswer(bool Paths, IReadOnlyList<string> Candidates);

/// <summary>
/// <c>openmcf __complete WORD...</c>, the question every completion script asks, so that the candidates come from the command
/// tree itself and never go stale. The words are the command line after the program's name up to the cursor, the last one
/// the word being completed (empty after a space). The answer, on stdout: a first line, <c>:words</c> or <c>:paths</c> (the
/// shell completes file paths), then one candidate a line, each a whole word that starts with the word being completed.
/// </summary>
internal static class CompletionRequest
{
    public const string Name = "__complete";

    /// <summary>The options whose values are files: -f and --kubeconfig.</summary>
    private static readonly string[] PathOptions = ["--filename", "--kubeconfig"];

    /// <summary>Writes the answer; never fails, since whatever a completion prints lands in the middle of the user's prompt.</summary>
    public static int Run(RootCommand root, IReadOnlyList<string> words, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var answer = Answer(root, words);
        output.WriteLine(answer.Paths ? ":paths" : ":words");
        foreach (var candidate in answer.Candidates)
        {
            output.WriteLine(candidate);
        }

        return ExitCodes.Success;
    }

    /// <summary>What to offer for the last of <paramref name="words"/>; nothing when anything goes wrong.</summary>
    public static CompletionAnswer Answer(RootCommand root, IReadOnlyList<string> words)
    {
        try
        {
            return Complete(root, words);
        }
#pragma warning disable CA1031 // Whatever goes wrong (a kubeconfig that cannot be read, a bug), the answer is: nothing to offer.
        catch (Exception)
#pragma warning restore CA1031
        {
            return new CompletionAnswer(false, []);
        }
    }

    private static CompletionAnswer Complete(RootCommand root, IReadOnlyList<string> words)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(words);
        var before = words.Count > 0 ? words.Take(words.Count - 1).ToList() : [];
        var current = words.Count > 0 ? words[^1] : string.Empty;

        // --dry-run=cl: the values of --dry-run that start with "cl", each offered as the whole word the shell replaces.
        if (current.StartsWith("--", StringComparison.Ordinal) && current.IndexOf('=', StringComparison.Ordinal) is > 2 and var equals)
        {
            var name = current[..equals];
            if (Find(root, before, name) is not { } option)
            {
                return new CompletionAnswer(false, []);
            }

            var values = Values(root, before, option, name, current[(equals + 1)..]);
            return values with { Candidates = [.. values.Candidates.Select(v => $"{name}={v}")] };
        }

        if (before.Count > 0 && Find(root, before[..^1], before[^1]) is { Arity.MinimumNumberOfValues: > 0 } awaiting)
        {
            return Values(root, before[..^1], awaiting, before[^1], current);
        }

        var scope = Parse(root, before).CommandResult;
        return current.StartsWith('-')
            ? new CompletionAnswer(false, Options(scope, before, current))
            : new CompletionAnswer(false, Commands(root, scope, before, current));
    }

    /// <summary>The values <paramref name="option"/>, typed as <paramref name="token"/>, offers for <paramref name="typed"/>.</summary>
    private static CompletionAnswer Values(RootCommand root, List<string> before, Option option, string token, string typed)
    {
        if (PathOptions.Contains(option.Name, StringComparer.Ordinal))
        {
            return new CompletionAnswer(true, []);
        }

        var context = Parse(root, [.. before, token, typed]).GetCompletionContext();
        return new CompletionAnswer(false, Matching(option.GetCompletions(context).Select(c => c.InsertText ?? c.Label), typed));
    }

    /// <summary>
    /// After a dash, the options of the command (and those its parents share with it), by every name and alias a user
    /// types; an option already given once is not offered again unless it repeats.
    /// </summary>
    private static List<string> Options(CommandResult scope, List<string> before, string typed)
    {
        var given = before.ToHashSet(StringComparer.Ordinal);
        var names = InScope(scope)
            .Where(o => !o.Hidden)
            .Where(o => o.Arity.MaximumNumberOfValues > 1 || !o.Aliases.Prepend(o.Name).Any(given.Contains))
            .SelectMany(o => o.Aliases.Prepend(o.Name))
            .Where(n => n.Length > 1 && n[0] == '-' && char.IsAsciiLetter(n[^1]));
        return Matching(names, typed);
    }

    /// <summary>
    /// Elsewhere, the subcommands (aliases too once something is typed) and the values of the command's arguments; where the
    /// command has neither, the long names of its options, which are then what comes next (apply -f).
    /// </summary>
    private static List<string> Commands(RootCommand root, CommandResult scope, List<string> before, string typed)
    {
        var command = scope.Command;
        var subcommands = command.Subcommands
            .Where(c => !c.Hidden)
            .SelectMany(c => typed.Length == 0 ? [c.Name] : c.Aliases.Prepend(c.Name));
        var context = Parse(root, [.. before, typed]).GetCompletionContext();
        var values = command.Arguments
            .Where(a => !a.Hidden)
            .SelectMany(a => a.GetCompletions(context))
            .Select(c => c.InsertText ?? c.Label);
        var found = Matching(subcommands.Concat(values), typed);
        return found.Count > 0 || command.Subcommands.Count > 0 || command.Arguments.Count > 0
            ? found
            : Matching(InScope(scope).Where(o => !o.Hidden).Select(o => o.Name), typed);
    }

    /// <summary>The option named <paramref name="token"/> in the command that <paramref name="before"/> leads to, if any.</summary>
    private static Option? Find(RootCommand root, List<string> before, string token) =>
        InScope(Parse(root, before).CommandResult).FirstOrDefault(o => o.Name == token || o.Aliases.Contains(token));

    /// <summary>The options valid under the command: its own and the recursive ones of its parents (--help).</summary>
    private static IEnumerable<Option> InScope(CommandResult scope)
    {
        for (SymbolResult? result = scope; result is not null; result = result.Parent)
        {
            if (result is CommandResult command)
            {
                foreach (var option in command.Command.Options.Where(o => ReferenceEquals(command, scope) || o.Recursive))
                {
                    yield return option;
                }
            }
        }
    }

    /// <summary>
    /// Parses words without expanding response files: a word that starts with @ is completed, not read.
    /// </summary>
    private static ParseResult Parse(Command command, IReadOnlyList<string> words) =>
        command.Parse(words, new ParserConfiguration { ResponseFileTokenReplacer = null });

    private static List<string> Matching(IEnumerable<string> candidates, string typed) =>
        [.. candidates.Where(c => c.StartsWith(typed, StringComparison.Ordinal)).Distinct(StringComparer.Ordinal)];
}
