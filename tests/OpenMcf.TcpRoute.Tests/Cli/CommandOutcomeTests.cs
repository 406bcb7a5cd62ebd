using OpenMcf.Cli;
using OpenMcf.TcpRoute.Cluster;
using OpenMcf.TcpRoute.Mapping;
using OpenMcf.TcpRoute.Validation;

namespace OpenMcf.TcpRoute.Tests.Cli;

/// <summary>Every rule by which a command's results decide its outcome, and so its exit code.</summary>
public class CommandOutcomeTests
{
    private static readonly RouteRequest Request = RoutePreparation.Prepare(ManifestText.Validate(ManifestText.Minimal)).Requests[0];

    private static RouteResult Done(RouteAction action) =>
        new(Request, "gateway.networking.k8s.io/v1alpha2", new ApplyOutcome(action, null, [], [], null), null);

    private static RouteResult Failed(ClusterErrorKind kind) =>
        new(Request, null, ApplyOutcome.Failed(new ClusterError(kind, "it failed"), []), null);

    private static WaitOutcome Wait(bool accepted) => new(accepted, TimedOut: !accepted, [], accepted ? null : "timed out");

    public static TheoryData<string, RouteResult[], bool?, string, string> Cases() => new()
    {
        // name, results, a wait that accepted (null: no wait), outcome of apply/destroy, of plan
        { "nothing to do", [Done(RouteAction.Unchanged)], null, "Success", "Success" },
        { "created", [Done(RouteAction.Created), Done(RouteAction.Unchanged)], null, "Success", "ChangesPending" },
        { "configured", [Done(RouteAction.Configured)], null, "Success", "ChangesPending" },
        { "deleted or absent", [Done(RouteAction.Deleted), Done(RouteAction.Absent)], null, "Success", "ChangesPending" },
        { "one failure among successes", [Done(RouteAction.Created), Failed(ClusterErrorKind.Forbidden)], null,
            "ClusterError", "ClusterError" },
        { "only conflicts", [Failed(ClusterErrorKind.Conflict), Failed(ClusterErrorKind.Conflict)], null, "Conflict", "Conflict" },
        { "a conflict and another failure", [Failed(ClusterErrorKind.Conflict), Failed(ClusterErrorKind.Rejected)], null,
            "ClusterError", "ClusterError" },
        { "interrupted beats failed", [Failed(ClusterErrorKind.Rejected), Failed(ClusterErrorKind.Interrupted)], null,
            "Interrupted", "Interrupted" },
        { "accepted after waiting", [Done(RouteAction.Created)], true, "Success", "ChangesPending" },
        { "not accepted after waiting", [Done(RouteAction.Created)], false, "WaitFailed", "ChangesPending" },
        { "a failure beats a rejected wait", [Done(RouteAction.Created), Failed(ClusterErrorKind.Timeout)], false,
            "ClusterError", "ClusterError" },
        { "no routes", [], null, "Success", "Success" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Results_decide_the_outcome(string name, RouteResult[] results, bool? accepted, string applied, string planned)
    {
        // Outcome is internal to the CLI: the table names it.
        var waits = accepted is { } a ? results.Where(r => !r.Failed).ToDictionary(r => r, _ => Wait(a)) : null;
        Assert.True(CommandOutcome.Of(results, waits).ToString() == applied, $"{name}: apply");
        Assert.True(CommandOutcome.OfPlan(results).ToString() == planned, $"{name}: plan");
    }

    [Fact]
    public void Preflight_fails_on_an_error_finding_or_a_cluster_it_could_not_ask_but_not_on_warnings()
    {
        var location = new OpenMcf.TcpRoute.Manifests.SourceLocation("f.yaml", 1, 1);
        PreflightResult Of(Diagnostic? finding, ClusterError? error = null) => new(Request, finding is null ? [] : [finding], error);
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
