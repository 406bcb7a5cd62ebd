using System.Text.Json.Nodes;

namespace OpenMcf.TcpRoute.Tests.Cli;

public class OfflineCommandsTests
{
    private static readonly string Postgres = RepoPaths.Sample("postgres-route.yaml");
    private static readonly string Canary = RepoPaths.Sample("weighted-canary.yaml");
    private static readonly string Invalid = RepoPaths.Sample("invalid");

    [Fact]
    public async Task Validate_prints_one_line_per_document_and_exits_0()
    {
        var run = await CliRun.Of("validate", "-f", Postgres, "-f", Canary);
        run.Exits(0);
        Assert.Equal($"{Postgres}: postgres-route: valid\n{Canary}: broker-canary: valid\n", run.Stdout);
        Assert.Equal(string.Empty, run.Stderr);
    }

    [Fact]
    public async Task Validate_reports_every_error_with_location_on_stderr_and_exits_1()
    {
        var run = await CliRun.Of("validate", "-f", Invalid);
        run.Exits(1);
        var file = Path.Combine(Invalid, "bad-port-and-weight.yaml");
        Assert.Contains($"{file}: bad-numbers: invalid (2 errors)", run.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{file}:15:17: error: spec.rules[0].backendRefs[0].port: must be between 1 and 65535 (found 70000)",
            run.Stderr, StringComparison.Ordinal);
        Assert.Contains($"{file}:16:19: error: spec.rules[0].backendRefs[0].weight: must be between 0 and 1000000 (found 2000000)",
            run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("error:", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_reads_stdin()
    {
        var run = await CliRun.WithStdin(File.ReadAllText(Postgres), "validate", "-f", "-");
        run.Exits(0);
        Assert.Equal("-: postgres-route: valid\n", run.Stdout);
    }

    [Fact]
    public async Task Directory_reads_yaml_files_in_name_order_and_R_adds_subdirectories()
    {
        var dir = Directory.CreateTempSubdirectory("openmcf-dir-").FullName;
        try
        {
            File.WriteAllText(
                Path.Combine(dir, "b.yaml"), ManifestText.Minimal.Replace("name: route", "name: second", StringComparison.Ordinal));
            File.WriteAllText(
                Path.Combine(dir, "a.yml"), ManifestText.Minimal.Replace("name: route", "name: first", StringComparison.Ordinal));
            File.WriteAllText(Path.Combine(dir, "notes.txt"), "not a manifest");
            Directory.CreateDirectory(Path.Combine(dir, "sub"));
            File.WriteAllText(
                Path.Combine(dir, "sub", "c.yaml"), ManifestText.Minimal.Replace("name: route", "name: nested", StringComparison.Ordinal));

            var flat = (await CliRun.Of("validate", "-f", dir)).Exits(0);
            Assert.Equal(["first", "second"], Names(flat.Stdout));

            var recursive = (await CliRun.Of("validate", "-f", dir, "-R")).Exits(0);
            Assert.Equal(["first", "second", "nested"], Names(recursive.Stdout));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }

        static IEnumerable<string> Names(string stdout) =>
            stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(": ")[1]);
    }

    [Fact]
    public async Task Validate_json_output_is_machine_readable()
    {
        var run = await CliRun.Of("validate", "-f", Path.Combine(Invalid, "misspelt-field.yaml"), "-o", "json");
        run.Exits(1);
        var json = JsonNode.Parse(run.Stdout)!;
        Assert.False((bool)json["valid"]!);
        var diagnostics = json["documents"]![0]!["diagnostics"]!.AsArray();
        Assert.Equal(["spec.parentRefs[0].sectionname", "spec.rules[0].backendRefs[0].port"], diagnostics.Select(d => (string)d!["path"]!));
        Assert.Equal(12, (int)diagnostics[0]!["line"]!);
    }

    [Fact]
    public async Task Apply_client_dry_run_renders_yaml_without_a_cluster()
    {
        var run = await CliRun.Of("apply", "-f", Postgres, "--dry-run=client", "-o", "yaml");
        run.Exits(0);
        Assert.Equal(File.ReadAllText(RepoPaths.TestData("Mapping/Golden/postgres-route.tcproute.yaml")), run.Stdout);
    }

    [Fact]
    public async Task Apply_client_dry_run_json_lists_several_routes()
    {
        var run = await CliRun.Of("apply", "-f", Postgres, "-f", Canary, "--dry-run", "client", "-o", "json");
        run.Exits(0);
        var list = JsonNode.Parse(run.Stdout)!;
        Assert.Equal("List", (string?)list["kind"]);
        Assert.Equal(["postgres-route", "broker-canary"], list["items"]!.AsArray().Select(i => (string)i!["metadata"]!["name"]!));
    }

    [Fact]
    public async Task Apply_client_dry_run_text_prints_the_outputs()
    {
        var run = await CliRun.Of("apply", "-f", Postgres, "--dry-run=client");
        run.Exits(0);
        Assert.Equal(
            "tcproute.gateway.networking.k8s.io/postgres-route valid (dry run: client, namespace app-ns)\n"
                + "routeName: postgres-route\nnamespace: app-ns\n",
            run.Stdout);
    }

    [Fact]
    public async Task Apply_with_one_invalid_document_renders_nothing()
    {
        var run = await CliRun.Of("apply", "-f", Postgres, "-f", Path.Combine(Invalid, "no-rules.yaml"), "--dry-run=client", "-o", "yaml");
        run.Exits(1);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.Contains("nothing was applied", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_with_a_valueFrom_namespace_says_it_must_be_resolved()
    {
        var yaml = ManifestText.Minimal.Replace("    value: app-ns", "    valueFrom:\n      name: app-namespace", StringComparison.Ordinal);
        var validate = await CliRun.WithStdin(yaml, "validate", "-f", "-");
        validate.Exits(0);
        var apply = await CliRun.WithStdin(yaml, "apply", "-f", "-", "--dry-run=client");
        apply.Exits(1);
        Assert.Contains("-:7:5: error: spec.namespace.valueFrom: the namespace refers to KubernetesNamespace \"app-namespace\"",
            apply.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, apply.Stdout);
    }

    [Theory]
    [InlineData("validate")]
    [InlineData("validate", "-f", "x.yaml", "-o", "xml")]
    [InlineData("apply", "-f", "x.yaml", "--dry-run=maybe")]
    [InlineData("frobnicate")]
    public async Task Usage_errors_exit_2(params string[] args)
    {
        var run = await CliRun.Of(args);
        run.Exits(2);
        Assert.Contains("--help", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Stdout);
    }

    [Fact]
    public async Task Missing_file_is_an_input_error()
    {
        var run = await CliRun.Of("validate", "-f", "/nonexistent/route.yaml");
        run.Exits(1);
        Assert.Contains("/nonexistent/route.yaml: error: no such file or directory", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_yaml_names_file_line_and_column()
    {
        var run = await CliRun.WithStdin("apiVersion: kubernetes.openmcf.org/v1\nkind: [unclosed\n", "validate", "-f", "-");
        run.Exits(1);
        Assert.Matches(@"^-:3:1: error: malformed YAML: ", run.Stderr);
    }

    [Fact]
    public async Task Empty_input_is_an_error()
    {
        var run = await CliRun.WithStdin("# nothing here\n", "validate", "-f", "-");
        run.Exits(1);
        Assert.Contains("standard input holds no manifests", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_shows_examples_and_version_prints()
    {
        var help = await CliRun.Of("apply", "--help");
        help.Exits(0);
        Assert.Contains("Examples:", help.Stdout, StringComparison.Ordinal);
        Assert.Contains("--dry-run <none|client|server>", help.Stdout, StringComparison.Ordinal);
        var version = await CliRun.Of("version");
        Assert.Matches(@"^openmcf \d+\.\d+\.\d+\n$", version.Stdout);
    }

    [Fact]
    public async Task Reference_sample_directory_renders_the_route_in_the_referenced_namespace()
    {
        var run = (await CliRun.Of("apply", "-f", Path.Combine(RepoPaths.Samples, "references"), "--dry-run=client", "-o", "json"))
            .Exits(0);
        var route = JsonNode.Parse(run.Stdout)!;
        Assert.Equal("team-a", (string?)route["metadata"]!["namespace"]);
    }

    [Fact]
    public async Task Schema_command_prints_the_json_schema()
    {
        var run = (await CliRun.Of("schema")).Exits(0);
        Assert.Equal("KubernetesTcpRoute", (string?)JsonNode.Parse(run.Stdout)!["title"]);
    }
}
