using System.Collections.Concurrent;
using OpenMcf.TcpRoute.Mapping;

namespace OpenMcf.TcpRoute.Cluster;

/// <summary>
/// What every operation over a batch shares; what is particular to one operation is an argument of that operation.
/// </summary>
/// <param name="ApiVersion">--api-version: the TCPRoute version to use instead of choosing one.</param>
/// <param name="Concurrency">How many routes are in flight at once over the shared connections.</param>
public sealed record RunSettings(ConnectionSettings Connection, string? ApiVersion, int Concurrency);

/// <summary>A kube context opened for a batch: its cluster and the TCPRoute versions it serves, discovered once.</summary>
public sealed record RouteTarget(IRouteCluster Cluster, IReadOnlyList<string> Served);

/// <summary>One route of a batch on its way to the cluster.</summary>
/// <param name="SharesNamespace">Other routes of the batch are in its namespace: read them all with one LIST.</param>
public sealed record RouteStep(RouteRequest Request, RouteTarget Target, bool SharesNamespace);

/// <summary>The routes of a batch that go to one kube context, and its cluster (or why it could not be opened).</summary>
/// <param name="Context">The context's name; null for the current one.</param>
public sealed record ClusterBatch(string? Context, RouteTarget? Target, ClusterError? Error, IReadOnlyList<RouteRequest> Requests);

/// <summary>
/// Runs an operation over a batch: one cluster per kube context (shared by all its routes), the
/// served TCPRoute versions discovered once per context, the routes concurrently, one failing
/// without stopping the others, Ctrl-C reported per route. The operations themselves (apply,
/// plan, destroy, preflight, wait: one file each in Operations/) say what is done to one route;
/// the clusters come through <see cref="IRouteClusters"/>, so every decision is tested without one.
/// </summary>
public sealed class RouteRunner(RunSettings settings, IRouteClusters clusters) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Task<Opened>>> _targets = new(StringComparer.Ordinal);

    /// <summary>A runner on the real clusters of the kubeconfig.</summary>
    public RouteRunner(RunSettings settings)
        : this(settings, new KubernetesRouteClusters(Require(settings).Connection))
    {
    }

    public RunSettings Settings => settings;

    /// <summary>Told (routes done, routes in the batch) after each route of a batch, from any thread.</summary>
    public Action<int, int>? Progress { get; set; }

    /// <summary>
    /// Runs <paramref name="step"/> for every route whose cluster could be opened, at most
    /// <see cref="RunSettings.Concurrency"/> at once (or <paramref name="inFlight"/>, for steps that hold no thread).
    /// </summary>
    public async Task<IReadOnlyList<RouteResult<T>>> ForEachRouteAsync<T>(
        IReadOnlyList<RouteRequest> requests,
        Func<RouteStep, CancellationToken, Task<RouteResult<T>>> step,
        CancellationToken cancellationToken,
        int? inFlight = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(step);
        var results = new RouteResult<T>[requests.Count];
        var options = new ParallelOptions
        {
            MaxDegreeOfParallelism = Math.Max(1, inFlight ?? settings.Concurrency),
            CancellationToken = cancellationToken,
        };

        // Where several routes share a namespace, their current state is read with one LIST.
        var shared = requests.GroupBy(r => r.Namespace)
            .Where(g => g.Count() > 1)
            .Select(g => g.Key)
            .ToHashSet(StringComparer.Ordinal);
        var done = 0;
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, requests.Count), options, async (i, ct) =>
            {
                var request = requests[i];
                var opened = await OpenFor(request, ct).ConfigureAwait(false);
                results[i] = opened.Target is { } target
                    ? await step(new RouteStep(request, target, shared.Contains(request.Namespace)), ct).ConfigureAwait(false)
                    : RouteResult.Failure<T>(request, opened.Error!);
                Progress?.Invoke(Interlocked.Increment(ref done), requests.Count);
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Interrupted (Ctrl-C): report what was done; the rest was not sent, or not answered.
            var interrupted = new ClusterError(
                ClusterErrorKind.Interrupted,
                "interrupted before an answer came; it may or may not have been applied, so run the command again");
            for (var i = 0; i < results.Length; i++)
            {
                results[i] ??= RouteResult.Failure<T>(requests[i], interrupted);
            }
        }

        return results;
    }

    /// <summary>
    /// The batch by kube context, each cluster opened once. With no routes at all, the one context the
    /// flags name (or the current one), so that a set can still be seen to (apply --prune-allow-empty, destroy --applyset).
    /// </summary>
    public async Task<IReadOnlyList<ClusterBatch>> ClustersAsync(IReadOnlyList<RouteRequest> requests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var byContext = requests.GroupBy(ContextOf, StringComparer.Ordinal)
            .Select(g => (g.Key, Requests: (IReadOnlyList<RouteRequest>)[.. g]))
            .ToList();
        if (byContext.Count == 0)
        {
            byContext.Add((settings.Connection.Context ?? string.Empty, []));
        }

        var batches = new List<ClusterBatch>();
        foreach (var (key, routes) in byContext)
        {
            var opened = await Open(key, cancellationToken).ConfigureAwait(false);
            batches.Add(new ClusterBatch(key.Length == 0 ? null : key, opened.Target, opened.Error, routes));
        }

        return batches;
    }

    public void Dispose()
    {
        foreach (var target in _targets.Values.Where(t => t.IsValueCreated && t.Value.IsCompletedSuccessfully))
        {
            target.Value.Result.Target?.Cluster.Dispose();
        }
    }

    private static RunSettings Require(RunSettings? settings) => settings ?? throw new ArgumentNullException(nameof(settings));

    private Task<Opened> OpenFor(RouteRequest request, CancellationToken cancellationToken) => Open(ContextOf(request), cancellationToken);

    /// <summary>The context a route goes to ("" for the current one): the flag, else the manifest's label.</summary>
    private string ContextOf(RouteRequest request)
    {
        var label = request.Manifest.Metadata?.Context;
        return Kubeconfig.ContextFor(settings.Connection.Context, label) ?? string.Empty;
    }

    private Task<Opened> Open(string context, CancellationToken cancellationToken) =>
        _targets.GetOrAdd(
            context,
            key => new Lazy<Task<Opened>>(() => OpenAsync(key.Length == 0 ? null : key, cancellationToken))).Value;

    private async Task<Opened> OpenAsync(string? context, CancellationToken cancellationToken)
    {
        IRouteCluster? cluster = null;
        try
        {
            cluster = clusters.Open(context);
            var served = await cluster.ServedVersionsAsync(cancellationToken).ConfigureAwait(false);
            return new Opened(new RouteTarget(cluster, served), null);
        }
        catch (ClusterException e)
        {
            cluster?.Dispose();
            return new Opened(null, e.Error);
        }
        catch
        {
            cluster?.Dispose();
            throw;
        }
    }

    private sealed record Opened(RouteTarget? Target, ClusterError? Error);
}
