using System.Text.Json.Nodes;
using OpenMcf.TcpRoute.Cluster;
using OpenMcf.TcpRoute.Mapping;

namespace OpenMcf.Cli.Output;

/// <summary>apply's words: the action, the outputs routeName and namespace, and with --wait each parent's answer.</summary>
internal sealed class ApplyResults(bool serverDryRun, IReadOnlyList<RouteResult<WaitOutcome>> waited) : IResultFormat<Applied>
{
    private readonly Dictionary<RouteRequest, WaitOutcome> _waits = ByRequest(waited);

    public ApplyResults(bool serverDryRun)
        : this(serverDryRun, [])
    {
    }

    public string? DryRun => serverDryRun ? "server" : null;

    // A member pruned in a server dry run was not deleted: say what would happen, as plan does.
    public string Verb(Applied value) =>
        value.Action == ApplyAction.Pruned && serverDryRun ? "would be deleted" : Action(value);

    public string Action(Applied value) => value.Action.ToString().ToLowerInvariant();

    public bool HasOutputs(Applied value) => value.Action != ApplyAction.Pruned;

    public IEnumerable<string> Details(RouteResult<Applied> result)
    {
        if (result.Value?.Action == ApplyAction.Pruned)
        {
            yield break;
        }

        yield return $"routeName: {result.Route.Name}";
        yield return $"namespace: {result.Route.Namespace}";
        if (WaitOf(result) is not { } wait)
        {
            yield break;
        }

        foreach (var line in ParentStates.Lines(wait))
        {
            yield return line;
        }
    }

    public void Describe(RouteResult<Applied> result, JsonObject json)
    {
        if (WaitOf(result) is not { } wait)
        {
            return;
        }

        json["wait"] = ParentStates.ToJson(wait);
    }

    public IEnumerable<string> Problems(RouteResult<Applied> result)
    {
        if (WaitOf(result) is { Accepted: false } wait)
        {
            yield return $"not accepted: {wait.Problem}";
        }

        foreach (var failed in waited.Where(w => w.Failed && ReferenceEquals(w.Request, result.Request) && result.Request is not null))
        {
            yield return $"waiting stopped: {failed.Error!.Message}";
        }
    }

    public IEnumerable<string> Errors(IReadOnlyList<RouteResult<Applied>> results) =>
        results.Select(r => (r.Route, Wait: WaitOf(r)))
            .Where(r => r.Wait is { Accepted: false })
            .Select(r => $"{r.Route.Name} was not accepted: {r.Wait!.Problem}")
            .Concat(waited.Where(w => w.Failed).Select(w => $"{w.Route.Name}: waiting stopped: {w.Error!.Message}"));

    private WaitOutcome? WaitOf(RouteResult<Applied> result) =>
        result.Request is { } request && _waits.TryGetValue(request, out var wait) ? wait : null;

    private static Dictionary<RouteRequest, WaitOutcome> ByRequest(IReadOnlyList<RouteResult<WaitOutcome>> waited)
    {
        var byRequest = new Dictionary<RouteRequest, WaitOutcome>(ReferenceEqualityComparer.Instance);
        foreach (var wait in waited.Where(w => w.Value is not null && w.Request is not null))
        {
            byRequest[wait.Request!] = wait.Value!;
        }

        return byRequest;
    }
}
