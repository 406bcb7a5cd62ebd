using System.Text.Json.Nodes;
using OpenMcf.TcpRoute.Cluster;

namespace OpenMcf.Cli.Output;

/// <summary>
/// How the results of one operation read: its words and the details particular to it, one file
/// per operation (<see cref="ApplyResults"/>, <see cref="PlanResults"/>, <see cref="DestroyResults"/>).
/// What every operation shares (a line per route, failures, the summary, the JSON envelope) is
/// <see cref="ResultWriter"/>'s.
/// </summary>
internal interface IResultFormat<T>
    where T : class
{
    /// <summary>The text after a route's name: "created", "would change", "already absent".</summary>
    string Verb(T value);

    /// <summary>The action in -o json|yaml: "created", "change", "absent".</summary>
    string Action(T value);

    /// <summary>"server" when the cluster persisted nothing (the dryRun property), else null.</summary>
    string? DryRun { get; }

    /// <summary>Appended to each route's text line.</summary>
    string Suffix => DryRun is null ? string.Empty : " (server dry run)";

    /// <summary>Whether the route has the outputs routeName and namespace (a pruned or deleted one has none to give).</summary>
    bool HasOutputs(T value) => true;

    /// <summary>Lines below a route's text line.</summary>
    IEnumerable<string> Details(RouteResult<T> result) => [];

    /// <summary>What the operation adds to a route's JSON.</summary>
    void Describe(RouteResult<T> result, JsonObject json)
    {
    }

    /// <summary>What went wrong with a route that did not fail as such (apply --wait: not accepted), for the CI reports.</summary>
    IEnumerable<string> Problems(RouteResult<T> result) => [];

    /// <summary>Errors of the operation's own, for stderr.</summary>
    IEnumerable<string> Errors(IReadOnlyList<RouteResult<T>> results) => [];
}
