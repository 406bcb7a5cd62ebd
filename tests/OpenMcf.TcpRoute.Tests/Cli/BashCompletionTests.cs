using System.Diagnostics;
using System.Text.RegularExpressions;
using OpenMcf.TcpRoute.Tests.Cluster;

namespace OpenMcf.TcpRoute.Tests.Cli;

/// <summary>
/// The bash completion script as bash runs it: the script the built program prints, sourced in a real /bin/bash, its
/// function called with COMP_WORDS, COMP_CWORD, COMP_LINE and COMP_POINT set as bash sets them on TAB, and the candidates
/// asked of the real program by its path.
/// </summary>
public sealed partial class BashCompletionTests : IDisposable
{
    /// <summary>What bash does on TAB, the completion function called, and then COMPREPLY printed one a line.</summary>
    private const string Driver = """
        source <("$OPENMCF" completion bash) || exit 3
        COMP_LINE=$1
        COMP_POINT=${#COMP_LINE}
        COMP_WORDS=("${@:2}")
        COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
        _openmcf_complete
        printf '%s\n' "${COMPREPLY[@]}"
        """;

    private readonly KubeconfigFolder _folder = new();

    /// <summary>The apphost the build copies beside the tests, as a user runs it.</summary>
    private static string Program => Path.Combine(AppContext.BaseDirectory, "openmcf");

    [Theory]
    [InlineData("ap", "apply")]
    [InlineData("st", "status")]
    [InlineData("apply --dry", "--dry-run")]
    [InlineData("destroy --app", "--applyset --applyset-namespace")]
    [InlineData("apply -o ", "json text yaml")]
    [InlineData("apply --output=y", "yaml")]
    [InlineData("apply --dry-run ", "client none server")]
    [InlineData("apply --dry-run=", "client none server")]
    [InlineData("apply --dry-run=cl", "client")]
    [InlineData("destroy --dry-run ", "none server")]
    [InlineData("validate --api-version ", "v1 v1alpha2")]
    [InlineData("completion ", "bash fish pwsh zsh")]
    [InlineData("apply --field-manager ", "")]
    public async Task Bash_completes_commands_options_and_their_values(string typed, string expected)
    {
        var (candidates, stderr) = await Complete(typed);
        Assert.Equal(expected.Split(' ', StringSplitOptions.RemoveEmptyEntries), candidates);
        Assert.Equal(string.Empty, stderr);
    }

    [Fact]
    public async Task An_option_given_once_is_not_offered_again_but_a_repeatable_one_is()
    {
        var (candidates, _) = await Complete("apply -o json -f a.yaml --");
        Assert.DoesNotContain("--output", candidates);
        Assert.Contains("--filename", candidates);
        Assert.Contains("--dry-run", candidates);
    }

    [Fact]
    public async Task Context_completes_from_the_kubeconfig_that_KUBECONFIG_names()
    {
        var config = _folder.Write("config", KubeconfigFolder.Config("prod", "prod", "stage", "arn:aws:eks:eu-west-1:1:cluster/stage"));

        Assert.Equal(["arn:aws:eks:eu-west-1:1:cluster/stage", "prod", "stage"], (await Complete("apply --context ", config)).Candidates);
        Assert.Equal(["stage"], (await Complete("plan --context st", config)).Candidates);
        Assert.Equal(["prod"], (await Complete("destroy --context=p", config)).Candidates);

        // Bash breaks the word at each colon and replaces only what follows the last one.
        Assert.Equal(["cluster/stage"], (await Complete("status --context arn:aws:eks:eu-west-1:1:cl", config)).Candidates);
    }

    [Fact]
    public async Task A_kubeconfig_given_earlier_on_the_line_wins_over_KUBECONFIG()
    {
        var variable = _folder.Write("config", KubeconfigFolder.Config("prod", "prod"));
        var given = _folder.Write("other/config", KubeconfigFolder.Config("lab", "lab", "lab-2"));

        var (candidates, _) = await Complete($"apply --kubeconfig {given} --context ", variable);
        Assert.Equal(["lab", "lab-2"], candidates);
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("broken")]
    public async Task A_missing_or_broken_kubeconfig_gives_no_contexts_and_prints_nothing(string kind)
    {
        var config = kind == "missing" ? Path.Combine(_folder.Root, "nothing-here") : _folder.Write("config", "contexts: [ {name: \n");

        var (candidates, stderr) = await Complete("apply --context ", config);
        Assert.Empty(candidates);
        Assert.Equal(string.Empty, stderr);
        Assert.Empty((await Complete($"apply --kubeconfig {config}x --context ")).Candidates);
    }

    [Fact]
    public async Task Filename_completes_file_paths()
    {
        _folder.Write("routes/a.yaml", string.Empty);
        _folder.Write("routes/nested/b.yaml", string.Empty);
        var routes = Path.Combine(_folder.Root, "routes");

        Assert.Equal([$"{routes}/a.yaml", $"{routes}/nested"], (await Complete($"apply -f {routes}/")).Candidates);
        Assert.Equal([$"{routes}/a.yaml"], (await Complete($"validate --filename {routes}/a")).Candidates);
    }

    public void Dispose() => _folder.Dispose();

    /// <summary>Completes what is typed after the program's path, with KUBECONFIG naming <paramref name="kubeconfig"/>.</summary>
    private async Task<(string[] Candidates, string Stderr)> Complete(string typed, string? kubeconfig = null)
    {
        Assert.True(File.Exists(Program), $"{Program} is missing: the build copies the openmcf apphost beside the tests");
        var line = $"{Program} {typed}";
        var start = new ProcessStartInfo("/bin/bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["--norc", "--noprofile", "-c", Driver, "bash", line, .. BashWords(line)])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["OPENMCF"] = Program;
        start.Environment["HOME"] = _folder.EmptyFolder("home");
        start.Environment["KUBECONFIG"] = kubeconfig ?? Path.Combine(_folder.Root, "no-kubeconfig");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, $"bash exited {process.ExitCode}: {await stderr}");
        var candidates = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return ([.. candidates.Order(StringComparer.Ordinal)], await stderr);
    }

    /// <summary>
    /// COMP_WORDS as bash splits the line: at blanks, with each run of = or : (COMP_WORDBREAKS) a word of its own, and an
    /// empty last word after a blank.
    /// </summary>
    private static IEnumerable<string> BashWords(string line) =>
        BashWord().Matches(line).Select(m => m.Value).Concat(line.EndsWith(' ') ? [string.Empty] : []);

    [GeneratedRegex(@"[^\s=:]+|[=:]+")]
    private static partial Regex BashWord();
}
