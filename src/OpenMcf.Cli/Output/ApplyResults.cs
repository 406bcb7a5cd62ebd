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

    public string Verb(Applied value) => Action(value);

    public string Action(Applied value) => value.Action.ToString().ToLowerInvariant();

    public IEnumerable<string> Details(RouteResult<Applied> result)
    {
        yield return $"routeName: {result.Request.Name}";
        yield return $"namespace: {result.Request.Namespace}";
        if (!_waits.TryGetValue(result.Request, out var wait))
        {
            yield break;
        }

        foreach (var parent in wait.Parents)
        {
            yield return $"  parent {parent.Parent}: {ParentWords(parent)}";
        }

        if (wait.Parents.Count == 0)
        {
            yield return $"  {(wait.TimedOut ? "timed out" : "not accepted")}: {wait.Problem}";
        }
    }

    public void Describe(RouteResult<Applied> result, JsonObject json)
    {
        if (!_waits.TryGetValue(result.Request, out var wait))
        {
            return;
        }

        json["wait"] = new JsonObject
        {
            ["accepted"] = wait.Accepted,
            ["timedOut"] = wait.TimedOut,
            ["problem"] = wait.Problem,
            ["parents"] = new JsonArray(wait.Parents.Select(p => (JsonNode)new JsonObject
            {
                ["parent"] = p.Parent,
                ["controller"] = p.Controller,
                ["accepted"] = p.Accepted,
                ["resolvedRefs"] = p.ResolvedRefs,
                ["reason"] = p.Reason,
                ["explanation"] = p.Explanation,
            }).ToArray<JsonNode?>()),
        };
    }

    public IEnumerable<string> Errors(IReadOnlyList<RouteResult<Applied>> results) =>
        results.Where(r => _waits.TryGetValue(r.Request, out var w) && !w.Accepted)
            .Select(r => $"{r.Request.Name} was not accepted: {_waits[r.Request].Problem}")
            .Concat(waited.Where(w => w.Failed).Select(w => $"{w.Request.Name}: waiting stopped: {w.Error!.Message}"));

    private static Dictionary<RouteRequest, WaitOutcome> ByRequest(IReadOnlyList<RouteResult<WaitOutcome>> waited)
    {
        var byRequest = new Dictionary<RouteRequest, WaitOutcome>(ReferenceEqualityComparer.Instance);
        foreach (var wait in waited.Where(w => w.Value is not null))
        {
            byRequest[wait.Request] = wait.Value!;
        }

        return byRequest;
    }

    private static string ParentWords(ParentState parent)
    {
        var by = parent.Controller is null ? string.Empty : $" (by {parent.Controller})";
        if (parent.Reason is not null)
        {
            return $"rejected, {parent.Reason}: {parent.Explanation}{by}";
        }

        return parent.Accepted && parent.ResolvedRefs ? $"Accepted, ResolvedRefs{by}" : $"pending: {parent.Explanation}{by}";
    }
}
