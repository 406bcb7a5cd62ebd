using System.Diagnostics;
using System.Text.Json.Nodes;
using OpenMcf.TcpRoute.IntegrationTests.Infrastructure;
using OpenMcf.TcpRoute.Tests.Cli;
using YamlDotNet.RepresentationModel;

namespace OpenMcf.TcpRoute.IntegrationTests;

/// <summary>
/// A GitHub Actions run, simulated: the variables the runner sets (GITHUB_ACTIONS, GITHUB_WORKSPACE, GITHUB_OUTPUT,
/// GITHUB_STEP_SUMMARY) given to the real program against the real cluster, and the files and streams it produces read
/// as the runner reads them; then the repository's action.yml, its steps run by bash as the runner runs them.
/// </summary>
public sealed class GitHubWorkflowTests(ClusterFixture cluster) : ClusterTest(cluster)
{
    private readonly string _workspace = Directory.CreateTempSubdirectory("openmcf-workspace-").FullName;

    private string OutputFile => Path.Combine(_workspace, "..", Path.GetFileName(_workspace) + ".output");

    private string SummaryFile => Path.Combine(_workspace, "..", Path.GetFileName(_workspace) + ".summary");

    private Dictionary<string, string?> Runner => new()
    {
        ["GITHUB_ACTIONS"] = "true",
        ["GITHUB_WORKSPACE"] = _workspace,
        ["GITHUB_OUTPUT"] = OutputFile,
        ["GITHUB_STEP_SUMMARY"] = SummaryFile,
    };

    /// <summary>A route manifest in the workspace, as a checkout holds it.</summary>
    private string InWorkspace(string relative, string yaml)
    {
        var path = Path.Combine(_workspace, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, yaml);
        return path;
    }

    /// <summary>$GITHUB_OUTPUT read as the runner reads it: NAME=VALUE lines, and NAME&lt;&lt;DELIMITER blocks.</summary>
    private static Dictionary<string, string> Outputs(string file)
    {
        var outputs = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(file))
        {
            return outputs;
        }

        var lines = File.ReadAllLines(file);
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].IndexOf("<<", StringComparison.Ordinal) is var heredoc and > 0
                && (lines[i].IndexOf('=', StringComparison.Ordinal) is var eq && (eq < 0 || eq > heredoc)))
            {
                var (name, delimiter) = (lines[i][..heredoc], lines[i][(heredoc + 2)..]);
                var value = new List<string>();
                while (lines[++i] != delimiter)
                {
                    value.Add(lines[i]);
                }

                outputs[name] = string.Join('\n', value);
            }
            else if (lines[i].Length > 0)
            {
                var equals = lines[i].IndexOf('=', StringComparison.Ordinal);
                outputs[lines[i][..equals]] = lines[i][(equals + 1)..];
            }
        }

        return outputs;
    }

    [Fact]
    public async Task Apply_in_a_workflow_annotates_problems_on_their_files_and_gives_outputs_and_a_summary()
    {
        var db = InWorkspace("routes/db.yaml", File.ReadAllText(Route("db")));
        var run = (await OpenmcfProcess.RunAsync(Runner, Token, "apply", "-f", db, "--kubeconfig", Cluster.Kubeconfig)).Exits(0);
        Assert.Contains("routeName: db", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("::", run.Stdout, StringComparison.Ordinal);
        var outputs = Outputs(OutputFile);
        Assert.Equal("db", outputs["routeName"]);
        Assert.Equal(Namespace, outputs["namespace"]);
        var routes = JsonNode.Parse(outputs["routes"])!.AsArray();
        Assert.Equal($"db {Namespace} created", string.Join(' ', routes.Select(r => $"{r!["routeName"]} {r["namespace"]} {r["action"]}")));
        var summary = await File.ReadAllTextAsync(SummaryFile, Token);
        Assert.Contains("| Route | Namespace | Context | Action | Message |", summary, StringComparison.Ordinal);
        Assert.Contains($"| db | {Namespace} |", summary, StringComparison.Ordinal);
        Assert.Contains("created", summary, StringComparison.Ordinal);

        // A wrong manifest beside a good one: annotated at its place, relative to the workspace; nothing applied.
        var bad = InWorkspace("routes/bad.yaml", File.ReadAllText(Route("bad")).Replace("port: 5432", "port: 0", StringComparison.Ordinal));
        var line = File.ReadAllLines(bad).ToList().FindIndex(l => l.Contains("port: 0", StringComparison.Ordinal)) + 1;
        File.Delete(OutputFile);
        var invalid = (await OpenmcfProcess.RunAsync(
            Runner, Token, "apply", "-f", Path.Combine(_workspace, "routes"), "--kubeconfig", Cluster.Kubeconfig)).Exits(1);
        Assert.Contains($"::error file=routes/bad.yaml,line={line},col=", invalid.Stderr, StringComparison.Ordinal);
        Assert.Contains(",title=openmcf::spec.rules[0].backendRefs[0].port: ", invalid.Stderr, StringComparison.Ordinal);
        Assert.Null(await LiveRoute("bad"));
        Assert.Equal(new Dictionary<string, string> { ["routes"] = "[]" }, Outputs(OutputFile));

        // Several routes: a JSON list only.
        File.Delete(bad);
        InWorkspace("routes/cache.yaml", File.ReadAllText(Route("cache")));
        File.Delete(OutputFile);
        var routesFolder = Path.Combine(_workspace, "routes");
        (await OpenmcfProcess.RunAsync(Runner, Token, "apply", "-f", routesFolder, "--kubeconfig", Cluster.Kubeconfig)).Exits(0);
        var several = Outputs(OutputFile);
        Assert.False(several.ContainsKey("routeName"));
        Assert.Equal(
            ["cache created", "db unchanged"],
            JsonNode.Parse(several["routes"])!.AsArray().Select(r => $"{r!["routeName"]} {r["action"]}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_action_installs_openmcf_runs_the_command_and_passes_its_outputs_on()
    {
        var action = new YamlStream();
        using (var reader = File.OpenText(Path.Combine(TestPaths.Root, "action.yml")))
        {
            action.Load(reader);
        }

        var root = (YamlMappingNode)action.Documents[0].RootNode;
        var steps = ((YamlSequenceNode)root["runs"]["steps"]).Children.Cast<YamlMappingNode>().ToList();
        var scripts = steps.Where(s => s.Children.ContainsKey("run")).ToList();
        Assert.All(scripts, s => Assert.DoesNotContain("${{", ((YamlScalarNode)s["run"]).Value, StringComparison.Ordinal));

        // The runner's files for the action's steps.
        var temp = Directory.CreateTempSubdirectory("openmcf-runner-").FullName;
        var pathFile = Path.Combine(temp, "path");
        File.WriteAllText(pathFile, string.Empty);
        var env = new Dictionary<string, string?>(Runner)
        {
            ["GITHUB_ACTION_PATH"] = TestPaths.Root,
            ["RUNNER_TEMP"] = temp,
            ["GITHUB_PATH"] = pathFile,
        };

        try
        {
            // Install: the step as written.
            var install = await Bash(((YamlScalarNode)scripts[0]["run"]).Value!, env);
            Assert.True(install.ExitCode == 0, $"the install step failed:\n{install.Stderr}");
            var installed = File.ReadAllLines(pathFile).Single();

            // Run: with the input as the runner passes it (env), and the PATH the install step added to.
            var db = InWorkspace("routes/db.yaml", File.ReadAllText(Route("db")));
            var run = steps.Single(s => s.Children.TryGetValue("id", out var id) && ((YamlScalarNode)id).Value == "run");
            env["OPENMCF_COMMAND"] = $"apply -f {db} --kubeconfig {Cluster.Kubeconfig}";
            env["PATH"] = installed + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
            var ran = await Bash(((YamlScalarNode)run["run"]).Value!, env);
            Assert.True(ran.ExitCode == 0, $"the run step failed:\n{ran.Stdout}\n{ran.Stderr}");
            Assert.Contains("routeName: db", ran.Stdout, StringComparison.Ordinal);

            // The action's outputs, resolved as the runner resolves ${{ steps.run.outputs.NAME }}.
            var stepOutputs = Outputs(OutputFile);
            var outputs = ((YamlMappingNode)root["outputs"]).Children.ToDictionary(
                o => ((YamlScalarNode)o.Key).Value!,
                o => ((YamlScalarNode)((YamlMappingNode)o.Value)["value"]).Value!);
            string Resolve(string name) =>
                stepOutputs.GetValueOrDefault(outputs[name].Replace("${{ steps.run.outputs.", string.Empty, StringComparison.Ordinal)
                    .Replace(" }}", string.Empty, StringComparison.Ordinal)) ?? string.Empty;
            Assert.Equal("db", Resolve("routeName"));
            Assert.Equal(Namespace, Resolve("namespace"));
            Assert.Equal("0", Resolve("exit-code"));
            Assert.Single(JsonNode.Parse(Resolve("routes"))!.AsArray());
            Assert.NotNull(await LiveRoute("db"));
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    /// <summary>A step's script, as the runner runs a composite action's bash step: bash --noprofile --norc -eo pipefail.</summary>
    private static Task<CliRun> Bash(string script, IReadOnlyDictionary<string, string?> environment) =>
        OpenmcfProcess.RunAsync(
            new ProcessStartInfo("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", script])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            },
            environment,
            Token);

    public override async ValueTask DisposeAsync()
    {
        Directory.Delete(_workspace, recursive: true);
        File.Delete(OutputFile);
        File.Delete(SummaryFile);
        await base.DisposeAsync();
    }
}
