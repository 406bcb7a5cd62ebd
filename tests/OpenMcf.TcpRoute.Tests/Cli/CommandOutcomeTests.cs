using OpenMcf.Cli;
using OpenMcf.TcpRoute.Cluster;
using OpenMcf.TcpRoute.Mapping;
using OpenMcf.TcpRoute.Validation;

namespace OpenMcf.TcpRoute.Tests.Cli;

/// <summary>Every rule by which a command's results decide its outcome, and so its exit code.</summary>
public class CommandOutcomeTests
{
    private static readonly RouteRequest Request = RoutePreparation.Prepare(ManifestText.Validate(ManifestText.Minimal)).Requests[0];

    private static RouteResult<Applied> Applied(ApplyAction action) => RouteResult.Success(Request, new Applied(action, []));

    private static RouteResult<T> Failed<T>(ClusterErrorKind kind)
        where T : class => RouteResult.Failure<T>(Request, new ClusterError(kind, "it failed"));

    private static RouteResult<WaitOutcome> Wait(bool accepted) =>
        RouteResult.Success(Request, new WaitOutcome(accepted, TimedOut: !accepted, [], accepted ? null : "timed out"));

    public static TheoryData<string, string[], string> Failures() => new()
    {
        // name, the results (an action, or a failure's kind), the outcome of any operation over them
        { "no routes", [], "Success" },
        { "all done", ["done", "done"], "Success" },
        { "one failure among successes", ["done", "Forbidden"], "ClusterError" },
        { "only conflicts", ["Conflict", "Conflict"], "Conflict" },
        { "a conflict and another failure", ["Conflict", "Rejected"], "ClusterError" },
        { "interrupted beats failed", ["Rejected", "Interrupted"], "Interrupted" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Failures_decide_the_outcome_of_every_operation_alike(string name, string[] results, string expected)
    {
        // Outcome is internal to the CLI: the table names it.
        RouteResult<T>[] Of<T>(Func<T> done)
            where T : class =>
            [.. results.Select(r => r == "done" ? RouteResult.Success(Request, done()) : Failed<T>(Enum.Parse<ClusterErrorKind>(r)))];

        Assert.True(CommandOutcome.Of(Of(() => new Applied(ApplyAction.Unchanged, []))).ToString() == expected, $"{name}: apply");
        Assert.True(CommandOutcome.OfPlan(Of(() => new Planned(PlanAction.None, []))).ToString() == expected, $"{name}: plan");
        Assert.True(CommandOutcome.Of(Of(() => new Destroyed(DestroyAction.Deleted))).ToString() == expected, $"{name}: destroy");
    }

    [Theory]
    [InlineData("None", "Success")]
    [InlineData("Create", "ChangesPending")]
    [InlineData("Change", "ChangesPending")]
    public void A_plan_with_anything_to_do_is_changes_pending(string action, string expected)
    {
        var results = new[]
        {
            RouteResult.Success(Request, new Planned(PlanAction.None, [])),
            RouteResult.Success(Request, new Planned(Enum.Parse<PlanAction>(action), [])),
        };
        Assert.Equal(expected, CommandOutcome.OfPlan(results).ToString());
    }

    [Fact]
    public void A_wait_that_did_not_end_accepted_fails_apply_but_an_apply_failure_comes_first()
    {
        Assert.Equal(Outcome.Success, CommandOutcome.OfApply([Applied(ApplyAction.Created)], [Wait(true)]));
        Assert.Equal(Outcome.WaitFailed, CommandOutcome.OfApply([Applied(ApplyAction.Created)], [Wait(true), Wait(false)]));
        var timedOut = Failed<Applied>(ClusterErrorKind.Timeout);
        Assert.Equal(Outcome.ClusterError, CommandOutcome.OfApply([Applied(ApplyAction.Created), timedOut], [Wait(false)]));
        var interrupted = Failed<WaitOutcome>(ClusterErrorKind.Interrupted);
        Assert.Equal(Outcome.Interrupted, CommandOutcome.OfApply([Applied(ApplyAction.Created)], [interrupted]));
    }

    [Fact]
    public void Preflight_fails_on_an_error_finding_or_a_cluster_it_could_not_ask_but_not_on_warnings()
    {
        var location = new OpenMcf.TcpRoute.Manifests.SourceLocation("f.yaml", 1, 1);
        RouteResult<Checked> Of(Diagnostic? finding, ClusterError? error = null) => error is null
            ? RouteResult.Success(Request, new Checked(finding is null ? [] : [finding]))
            : RouteResult.Failure<Checked>(Request, error);
        Assert.Equal(Outcome.Success, CommandOutcome.OfPreflight([Of(null), Of(Diagnostic.Warning(location, "spec", "cannot check"))]));
        Assert.Equal(Outcome.ClusterError, CommandOutcome.OfPreflight([Of(null), Of(Diagnostic.Error(location, "spec", "missing"))]));
        Assert.Equal(Outcome.ClusterError, CommandOutcome.OfPreflight([Of(null, new ClusterError(ClusterErrorKind.Unreachable, "down"))]));
    }

    [Theory]
    [InlineData("Success", 0)]
    [InlineData("InvalidInput", 1)]
    [InlineData("UsageError", 2)]
    [InlineData("ClusterError", 3)]
    [InlineData("Conflict", 4)]
    [InlineData("WaitFailed", 5)]
    [InlineData("ChangesPending", 6)]
    [InlineData("Unexpected", 70)]
    [InlineData("Interrupted", 130)]
    public void One_table_maps_outcomes_to_the_documented_exit_codes(string outcome, int code)
    {
        Assert.Equal(code, ExitCodes.For(Enum.Parse<Outcome>(outcome)));
        Assert.Contains($"| {code} |", File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md")), StringComparison.Ordinal);
    }
}
