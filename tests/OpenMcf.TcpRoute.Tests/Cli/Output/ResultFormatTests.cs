using System.Text.Json.Nodes;
using OpenMcf.Cli;
using OpenMcf.Cli.Output;
using OpenMcf.TcpRoute.Cluster;
using OpenMcf.TcpRoute.Mapping;

namespace OpenMcf.TcpRoute.Tests.Cli.Output;

/// <summary>Each operation's words, in text and in JSON, and what the writer shares among them.</summary>
public class ResultFormatTests
{
    private static readonly RouteRequest Request = RoutePreparation.Prepare(ManifestText.Validate(ManifestText.Minimal)).Requests[0];

    private static readonly FieldChange Port = new("spec.rules[0].backendRefs[0].port", JsonValue.Create(5432), JsonValue.Create(6432));

    private static readonly ClusterError Refused = new(ClusterErrorKind.Forbidden, "forbidden: grant patch on tcproutes");

    private static readonly ClusterError Interrupted = new(ClusterErrorKind.Interrupted, "interrupted before an answer came");

    public static TheoryData<string, string, string, string?> Cases() => new()
    {
        // operation and result, the route's text line (after its name), its JSON action, its JSON dryRun
        { "apply", "created", "created (namespace app-ns)", null },
        { "apply", "unchanged", "unchanged (namespace app-ns)", null },
        { "apply --dry-run=server", "configured", "configured (namespace app-ns) (server dry run)", "server" },
        { "apply", "forbidden", "failed (namespace app-ns)", null },
        { "apply", "interrupted", "interrupted (namespace app-ns)", null },
        { "plan", "create", "would be created (namespace app-ns)", "server" },
        { "plan", "change", "would change (namespace app-ns)", "server" },
        { "plan", "none", "unchanged (namespace app-ns)", "server" },
        { "destroy", "deleted", "deleted (namespace app-ns)", null },
        { "destroy", "absent", "already absent (namespace app-ns)", null },
        { "destroy --dry-run=server", "deleted", "deleted (namespace app-ns) (server dry run)", "server" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_operation_words_its_results(string operation, string result, string line, string? dryRun)
    {
        var (text, json) = Write(operation, result, OutputFormat.Text);
        Assert.StartsWith($"tcproute.gateway.networking.k8s.io/route {line}\n", text, StringComparison.Ordinal);

        var route = Assert.Single(JsonNode.Parse(Write(operation, result, OutputFormat.Json).Stdout)!.AsArray())!;
        var failed = result is "forbidden" or "interrupted";
        Assert.Equal(failed ? (result == "interrupted" ? "interrupted" : "failed") : result, (string?)route["action"]);
        Assert.Equal(dryRun, (string?)route["dryRun"]);
        Assert.Equal(failed ? null : "route", (string?)route["outputs"]?["routeName"]);
        Assert.Equal(failed ? null : "gateway.networking.k8s.io/v1alpha2", (string?)route["apiVersion"]);
        Assert.Equal(failed, route["error"] is not null);
        Assert.Equal(failed, json.Contains("error: route (", StringComparison.Ordinal));
    }

    [Fact]
    public void Apply_prints_the_outputs_and_plan_the_changed_fields_in_text_and_json()
    {
        var applied = Write("apply", "created", OutputFormat.Text).Stdout;
        Assert.Contains("\nrouteName: route\nnamespace: app-ns\n", applied, StringComparison.Ordinal);

        var planned = Write("plan", "change", OutputFormat.Text).Stdout;
        Assert.Contains("\n  ~ spec.rules[0].backendRefs[0].port: 5432 -> 6432\n", planned, StringComparison.Ordinal);
        var json = JsonNode.Parse(Write("plan", "change", OutputFormat.Json).Stdout)![0]!;
        Assert.Equal(6432, (int?)json["changes"]![0]!["after"]);
    }

    [Fact]
    public void Several_routes_end_with_a_summary_counted_by_what_happened()
    {
        var results = new[]
        {
            RouteResult.Success(Request, new Destroyed(DestroyAction.Deleted)),
            RouteResult.Success(Request, new Destroyed(DestroyAction.Absent)),
            RouteResult.Success(Request, new Destroyed(DestroyAction.Deleted)),
            RouteResult.Failure<Destroyed>(Request, Refused),
        };
        var (stdout, stderr) = Run(console => ResultWriter.Write(console, OutputFormat.Text, new DestroyResults(false), results));
        Assert.EndsWith("\n4 routes: 2 deleted, 1 already absent, 1 failed\n", stdout, StringComparison.Ordinal);
        Assert.Contains("forbidden: grant patch on tcproutes", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wait_that_ended_unaccepted_is_an_error_on_stderr_and_its_parents_are_listed()
    {
        var parent = new ParentState("app-ns/gw", "example.com/gateway", false, false, "NotAllowedByListeners", "no TCP listener");
        var waits = new[] { RouteResult.Success(Request, new WaitOutcome(false, false, [parent], "rejected by app-ns/gw")) };
        var results = new[] { RouteResult.Success(Request, new Applied(ApplyAction.Created, [])) with { ApiVersion = "v" } };
        var (stdout, stderr) = Run(console => ResultWriter.Write(console, OutputFormat.Text, new ApplyResults(false, waits), results));
        const string Rejected = "  parent app-ns/gw: rejected, NotAllowedByListeners: no TCP listener (by example.com/gateway)";
        Assert.Contains(Rejected, stdout, StringComparison.Ordinal);
        Assert.Contains("route was not accepted: rejected by app-ns/gw", stderr, StringComparison.Ordinal);
    }

    private static (string Stdout, string Stderr) Write(string operation, string result, OutputFormat output)
    {
        var error = result switch
        {
            "forbidden" => Refused,
            "interrupted" => Interrupted,
            _ => null,
        };
        var dryRun = operation.EndsWith("server", StringComparison.Ordinal);
        return Run(console =>
        {
            switch (operation.Split(' ')[0])
            {
                case "apply":
                    ResultWriter.Write(console, output, new ApplyResults(dryRun), [Applied(Parse<ApplyAction>(result))]);
                    break;
                case "plan":
                    ResultWriter.Write(console, output, new PlanResults(), [Planned(Parse<PlanAction>(result))]);
                    break;
                default:
                    ResultWriter.Write(console, output, new DestroyResults(dryRun), [Destroyed(Parse<DestroyAction>(result))]);
                    break;
            }
        });

        RouteResult<T> Failed<T>()
            where T : class => RouteResult.Failure<T>(Request, error!);

        RouteResult<Applied> Applied(ApplyAction action) => error is null ? Done(new Applied(action, [Port])) : Failed<Applied>();

        RouteResult<Planned> Planned(PlanAction action) => error is null ? Done(new Planned(action, [Port])) : Failed<Planned>();

        RouteResult<Destroyed> Destroyed(DestroyAction action) => error is null ? Done(new Destroyed(action)) : Failed<Destroyed>();
    }

    private static TEnum Parse<TEnum>(string result)
        where TEnum : struct, Enum => Enum.TryParse<TEnum>(result, ignoreCase: true, out var value) ? value : default;

    private static RouteResult<T> Done<T>(T value)
        where T : class => RouteResult.Success(Request, value) with { ApiVersion = "gateway.networking.k8s.io/v1alpha2" };

    private static (string Stdout, string Stderr) Run(Action<CliConsole> write)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        write(new CliConsole(stdout, stderr, TextReader.Null, ColorErrors: false));
        return (stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void A_route_that_was_applied_but_not_accepted_is_a_problem_for_the_reports()
    {
        var applied = RouteResult.Success(Request, new Applied(ApplyAction.Created, []));
        var notAccepted = RouteResult.Success(Request, new WaitOutcome(Accepted: false, TimedOut: true, [], "timed out after 5s"));

        Assert.Equal(["not accepted: timed out after 5s"], new ApplyResults(false, [notAccepted]).Problems(applied));
        Assert.Empty(new ApplyResults(false, []).Problems(applied));
        var stopped = RouteResult.Failure<WaitOutcome>(Request, Refused);
        Assert.Equal(["waiting stopped: forbidden: grant patch on tcproutes"], new ApplyResults(false, [stopped]).Problems(applied));
    }
}
