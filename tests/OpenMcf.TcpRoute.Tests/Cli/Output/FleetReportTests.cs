using System.Text.Json.Nodes;
using OpenMcf.Cli;
using OpenMcf.Cli.Fleet;
using OpenMcf.Cli.Output;

namespace OpenMcf.TcpRoute.Tests.Cli.Output;

/// <summary>How a run over several clusters reads: grouped by cluster, a summary each and one overall, failures once.</summary>
public class FleetReportTests
{
    private static ResultTally Tally(params string[] verbs)
    {
        var tally = new ResultTally();
        foreach (var verb in verbs)
        {
            tally.Add(verb);
        }

        return tally;
    }

    private static ClusterDone Done(string name, Outcome outcome, string stdout = "", string stderr = "", params string[] verbs) =>
        new(name, $"https://{name}.example:6443", outcome, stdout, stderr, Tally(verbs));

    // Outcome is internal to the CLI: the table names it.
    public static TheoryData<string, string[], string> Summaries => new()
    {
        { nameof(Outcome.Success), ["created", "created", "unchanged"], "c: ok; 3 routes: 2 created, 1 unchanged" },
        { nameof(Outcome.ClusterError), [], "c: failed" },
        { nameof(Outcome.ClusterError), ["failed"], "c: failed; 1 route: 1 failed" },
        { nameof(Outcome.ChangesPending), ["would be created"], "c: changes pending; 1 route: 1 would be created" },
        { nameof(Outcome.NotInStep), ["drifted"], "c: not in step; 1 route: 1 drifted" },
        { nameof(Outcome.HeldBack), [], "c: held back" },
        { nameof(Outcome.WaitFailed), ["created"], "c: not accepted; 1 route: 1 created" },
        { nameof(Outcome.Interrupted), ["interrupted"], "c: interrupted; 1 route: 1 interrupted" },
        { nameof(Outcome.Conflict), ["failed"], "c: conflict; 1 route: 1 failed" },
    };

    [Theory]
    [MemberData(nameof(Summaries))]
    public void Each_cluster_has_a_summary_of_its_outcome_and_routes(string outcome, string[] verbs, string expected) =>
        Assert.Equal(expected, FleetReport.Summary(Done("c", Enum.Parse<Outcome>(outcome), verbs: verbs)));

    [Fact]
    public void The_overall_summary_counts_clusters_by_outcome_and_routes_by_action()
    {
        var overall = FleetReport.Overall(
        [
            Done("a", Outcome.Success, verbs: ["created", "unchanged"]),
            Done("b", Outcome.Success, verbs: ["created", "created"]),
            Done("c", Outcome.ClusterError),
        ]);

        Assert.Equal("3 clusters: 2 ok, 1 failed; 4 routes: 3 created, 1 unchanged", overall);
    }

    [Fact]
    public void Text_groups_each_clusters_lines_under_its_name_and_says_once_which_failed_and_why()
    {
        var (stdout, stderr) = Write(
            OutputFormat.Text,
            Done("stage", Outcome.Success, "tcproute.gateway.networking.k8s.io/a created (namespace db)\n", verbs: ["created"]),
            Done("prod", Outcome.ClusterError, stderr: "error: cannot reach https://prod: connection refused; is it running?\n"),
            Done("dev", Outcome.ChangesPending, verbs: ["would change"]));

        Assert.Equal(
            """
            context stage (https://stage.example:6443):
            tcproute.gateway.networking.k8s.io/a created (namespace db)
            stage: ok; 1 route: 1 created

            context prod (https://prod.example:6443):
            prod: failed

            context dev (https://dev.example:6443):
            dev: changes pending; 1 route: 1 would change

            3 clusters: 1 ok, 1 failed, 1 changes pending; 2 routes: 1 created, 1 would change

            """,
            stdout);
        Assert.Equal(
            """
            context prod (https://prod.example:6443):
            error: cannot reach https://prod: connection refused; is it running?
            error: 1 of 3 clusters failed: prod (cannot reach https://prod: connection refused; is it running?)

            """,
            stderr);
    }

    [Fact]
    public void The_reason_a_cluster_failed_is_its_first_error_without_colours()
    {
        var done = Done("p", Outcome.ClusterError, stderr: "warning: something\n\u001b[31merror:\u001b[0m the first\nerror: the second\n");

        var (_, stderr) = Write(OutputFormat.Json, done, Done("q", Outcome.Success));

        Assert.EndsWith("error: 1 of 2 clusters failed: p (the first)\n", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void One_cluster_reads_as_a_run_without_fleet_flags_in_json_too()
    {
        var (stdout, stderr) = Write(
            OutputFormat.Json, Done("p", Outcome.ClusterError, """[{"name": "a", "action": "failed"}]""", "error: down\n"));

        Assert.Equal("error: down\n", stderr);
        Assert.Equal("p", (string?)JsonNode.Parse(stdout)![0]!["context"]);
    }

    [Fact]
    public void The_line_that_sums_up_failed_clusters_is_not_annotated_again()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var console = new CliConsole(stdout, stderr, TextReader.Null, ColorErrors: false)
        {
            Annotations = new OpenMcf.Cli.Reports.ReportPaths(null, Path.GetTempPath()),
        };

        ClusterDone[] clusters = [Done("p", Outcome.ClusterError, stderr: "error: down\n"), Done("q", Outcome.Success)];
        FleetReport.Write(console, OutputFormat.Text, clusters);

        Assert.DoesNotContain("::error", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Json_is_one_array_of_every_clusters_routes_each_with_its_context_and_server()
    {
        var (stdout, _) = Write(
            OutputFormat.Json,
            Done("stage", Outcome.Success, """[{"name": "a", "action": "created"}, {"name": "b", "action": "created"}]"""),
            Done("prod", Outcome.ClusterError, stderr: "error: down\n"),
            Done("dev", Outcome.Success, """[{"name": "a", "action": "unchanged"}]""") with { Server = null });

        var routes = JsonNode.Parse(stdout)!.AsArray();
        Assert.Equal(
            ["stage a created https://stage.example:6443", "stage b created https://stage.example:6443", "dev a unchanged "],
            routes.Select(r => $"{r!["context"]} {r["name"]} {r["action"]} {r["server"]}"));
    }

    [Fact]
    public void Yaml_is_the_same_document_as_json()
    {
        var (stdout, _) = Write(OutputFormat.Yaml, Done("stage", Outcome.Success, """[{"name": "a"}]"""));

        Assert.Equal("---\n- name: a\n  context: stage\n  server: https://stage.example:6443\n", stdout);
    }

    private static (string Stdout, string Stderr) Write(OutputFormat output, params ClusterDone[] clusters)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        FleetReport.Write(new CliConsole(stdout, stderr, TextReader.Null, ColorErrors: false), output, clusters);
        return (stdout.ToString(), stderr.ToString());
    }
}
