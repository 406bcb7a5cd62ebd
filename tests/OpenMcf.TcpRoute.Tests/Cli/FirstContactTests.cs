using OpenMcf.TcpRoute.Cluster;
using OpenMcf.TcpRoute.Mapping;
using OpenMcf.TcpRoute.Tests.Cluster;

namespace OpenMcf.TcpRoute.Tests.Cli;

/// <summary>What a new user meets first: upstream's manifests, help that says each thing once, long names kept short.</summary>
public class FirstContactTests
{
    private static string Planton(string yaml) =>
        yaml.Replace("kubernetes.openmcf.org/v1", "kubernetes.planton.dev/v1", StringComparison.Ordinal);

    [Fact]
    public async Task Upstreams_renamed_api_group_is_accepted_and_a_wrong_one_names_both()
    {
        (await CliRun.WithStdin(Planton(ManifestText.Minimal), "validate", "-f", "-")).Exits(0);

        var other = ManifestText.Minimal.Replace("kubernetes.openmcf.org/v1", "example.com/v1", StringComparison.Ordinal);
        var wrong = (await CliRun.WithStdin(other, "validate", "-f", "-")).Exits(1);
        Assert.Contains("expected kubernetes.openmcf.org/v1 (or kubernetes.planton.dev/v1", wrong.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("kubernetes.openmcf.org/context")]
    [InlineData("kubernetes.planton.dev/context")]
    public async Task The_context_label_works_under_either_prefix(string label)
    {
        var yaml = ManifestText.Minimal.Replace("  name: route", $"  name: route\n  labels:\n    {label}: prod", StringComparison.Ordinal);
        var requests = RoutePreparation.Prepare(ManifestText.Validate(yaml)).Requests;
        var clusters = new InMemoryClusters { ByContext = { ["prod"] = new InMemoryCluster() } };
        using var runner = new RouteRunner(new RunSettings(new ConnectionSettings(null, null, TimeSpan.FromSeconds(5)), null, 1), clusters);
        var applied = await runner.ApplyAsync(requests, new ApplySettings("openmcf", false, false), TestContext.Current.CancellationToken);

        Assert.False(applied[0].Failed);
        Assert.Equal(["prod"], clusters.Opened);
    }

    [Fact]
    public async Task Two_context_labels_that_disagree_are_an_error()
    {
        var yaml = ManifestText.Minimal.Replace(
            "  name: route",
            "  name: route\n  labels:\n    kubernetes.openmcf.org/context: prod\n    kubernetes.planton.dev/context: stage",
            StringComparison.Ordinal);
        var run = (await CliRun.WithStdin(yaml, "validate", "-f", "-")).Exits(1);
        Assert.Contains("name different kube contexts; keep one", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("apply", "--field-manager")]
    [InlineData("apply", "--timeout")]
    [InlineData("apply", "--request-timeout")]
    [InlineData("apply", "--concurrency")]
    [InlineData("plan", "--field-manager")]
    [InlineData("status", "--timeout")]
    public async Task Help_says_each_default_once_in_the_words_a_user_types(string command, string option)
    {
        var help = (await CliRun.Of(command, "--help")).Exits(0);
        var line = help.Stdout.Split('\n').Single(l => l.TrimStart().StartsWith(option + " ", StringComparison.Ordinal));
        Assert.Contains("(default: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("[default:", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Destroy_offers_only_the_dry_runs_it_has()
    {
        var help = (await CliRun.Of("destroy", "--help")).Exits(0);
        Assert.Contains("--dry-run <none|server>", help.Stdout, StringComparison.Ordinal);

        var client = (await CliRun.Of("destroy", "-f", RepoPaths.Sample("postgres-route.yaml"), "--dry-run=client")).Exits(2);
        Assert.Contains("'client' is not a valid value for --dry-run; use one of: none, server.", client.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_huge_name_is_shortened_in_the_status_line_as_in_the_diagnostic()
    {
        var name = new string('a', 100_000);
        var yaml = ManifestText.Minimal.Replace("  name: route", $"  name: {name}", StringComparison.Ordinal);
        var run = (await CliRun.WithStdin(yaml, "validate", "-f", "-")).Exits(1);
        Assert.True(run.Stdout.Length < 300, $"stdout is {run.Stdout.Length} characters");
        Assert.Contains($"-: {new string('a', 77)}...: invalid", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_template_placeholder_gets_a_hint_with_the_set_that_fills_it()
    {
        var yaml = ManifestText.Minimal.Replace("    - name: gw", "    - name: <gateway-name>", StringComparison.Ordinal);
        var run = (await CliRun.WithStdin(yaml, "validate", "-f", "-")).Exits(1);
        Assert.Contains(
            "it looks like a template placeholder: replace it, or set it with --set spec.parentRefs[0].name=VALUE",
            run.Stderr,
            StringComparison.Ordinal);
    }
}
