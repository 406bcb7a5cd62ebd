using OpenMcf.Cli;
using OpenMcf.Cli.Completion;

namespace OpenMcf.TcpRoute.Tests.Cli;

/// <summary>The hidden question the completion scripts ask (openmcf __complete WORD...), and the [suggest] directive.</summary>
public class CompletionRequestTests
{
    [Fact]
    public async Task The_question_is_hidden_from_help_and_from_its_own_answers()
    {
        Assert.DoesNotContain("__complete", (await CliRun.Of("--help")).Exits(0).Stdout, StringComparison.Ordinal);
        var run = (await CliRun.Of("__complete", "__")).Exits(0);
        Assert.Equal(":words\n", run.Stdout.ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData("apply -f ")]
    [InlineData("apply -f a.yaml --filename ")]
    [InlineData("status --kubeconfig ")]
    [InlineData("destroy --kubeconfig=~/")]
    public void File_options_ask_the_shell_for_paths(string typed)
    {
        var answer = CompletionRequest.Answer(OpenMcfCli.Build(CliConsole.FromProcess()), Words(typed));
        Assert.True(answer.Paths);
        Assert.Empty(answer.Candidates);
    }

    [Theory]
    [InlineData("apply -f a.yaml -", "--dry-run")]
    [InlineData("apply -h --", "--output")]
    [InlineData("", "validate")]
    [InlineData("apply ", "--filename")]
    [InlineData("de", "delete")]
    public void Options_and_commands_are_offered_where_they_may_come(string typed, string offered)
    {
        var answer = CompletionRequest.Answer(OpenMcfCli.Build(CliConsole.FromProcess()), Words(typed));
        Assert.False(answer.Paths);
        Assert.Contains(offered, answer.Candidates);
        Assert.All(answer.Candidates, c => Assert.StartsWith(Words(typed)[^1], c, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Words_that_would_trip_the_parser_are_completed_not_acted_on()
    {
        // -h would print help, @file would read a response file: as words to complete they do neither.
        var help = (await CliRun.Of("__complete", "apply", "-h", "--dry-run", string.Empty)).Exits(0);
        Assert.Equal([":words", "client", "none", "server"], help.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var response = (await CliRun.Of("__complete", "apply", "@/nonexistent/file", "-o", "y")).Exits(0);
        Assert.Equal([":words", "yaml"], response.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(string.Empty, help.Stderr + response.Stderr);
    }

    [Theory]
    [InlineData("openmcf apply --dry-run=cl", "--dry-run=client")]
    [InlineData("openmcf destroy --dry-run ", "none\nserver")]
    [InlineData("openmcf apply -o ", "json\ntext\nyaml")]
    public async Task The_suggest_directive_answers_the_same(string line, string expected)
    {
        var run = (await CliRun.Of($"[suggest:{line.Length}]", line)).Exits(0);
        Assert.Equal(expected, run.Stdout.ReplaceLineEndings("\n").TrimEnd('\n'));
        Assert.Equal(string.Empty, run.Stderr);
    }

    /// <summary>The words a script passes: the line after the program's name split at blanks, the last one being completed.</summary>
    private static string[] Words(string typed) => typed.Split(' ');
}
