using System.Collections.Concurrent;
using OpenMcf.TcpRoute.Mapping;

namespace OpenMcf.TcpRoute.Cluster;

public enum RouteOperation
{
    Apply,
    Plan,
    Destroy,
}

/// <summary>What happened to one route. <see cref="Note"/> explains a choice made on the user's behalf (such as the API version).</summary>
public sealed record RouteResult(RouteRequest Request, string? ApiVersion, ApplyOutcome Outcome, string? Note)
{
    public bool Failed => Outcome.Error is not null;
}

/// <summary>Preflight findings for one route, or the error that kept it from being checked.</summary>
public sealed record PreflightResult(RouteRequest Request, IReadOnlyList<Validation.Diagnostic> Findings, ClusterError? Error)
{
    public bool HasErrors => Error is not null || Findings.Any(f => f.Severity == Validation.Severity.Error);
}

/// <param name="ApiVersion">--api-version: the TCPRoute version to use instead of choosing one.</param>
/// <param name="Concurrency">How many routes are in flight at once over the shared connections.</param>
public sealed record RunSettings(ConnectionSettings Connection, ApplySettings Apply, string? ApiVersion, int Concurrency);

/// <summary>
/// The apply stage over a batch: one connection per kube context (shared by all its routes),
/// discovery of the served TCPRoute versions once per context, then map and apply (or plan, or
/// delete) each route. One route failing does not stop the others.
/// </summary>
public sealed class RouteRunner(RunSettings settings) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Task<Target>>> _targets = new(StringComparer.Ordinal);

    public async Task<IReadOnlyList<RouteResult>> RunAsync(IReadOnlyList<RouteRequest> requests, RouteOperation operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var results = new RouteResult[requests.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, settings.Concurrency), CancellationToken = cancellationToken };
        ReserveThreads(options.MaxDegreeOfParallelism);

        // Where several routes share a namespace, their current state is read with one LIST.
        var shared = requests.GroupBy(r => r.Namespace).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, requests.Count), options, async (i, ct) =>
            {
                results[i] = await RunOneAsync(requests[i], operation, shared.Contains(requests[i].Namespace), ct).ConfigureAwait(false);
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Interrupted (Ctrl-C): report what was done; the rest was not sent, or not answered.
            var interrupted = new ClusterError(ClusterErrorKind.Interrupted, "interrupted before an answer came; it may or may not have been applied, so run the command again");
            for (var i = 0; i < results.Length; i++)
            {
                results[i] ??= new RouteResult(requests[i], null, ApplyOutcome.Failed(interrupted, []), null);
            }
        }

        return results;
    }

    /// <summary>Preflight for every route, concurrently; each Gateway, Service and ReferenceGrant is read once per context.</summary>
    public async Task<IReadOnlyList<PreflightResult>> PreflightAsync(IReadOnlyList<RouteRequest> requests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var results = new PreflightResult[requests.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, settings.Concurrency), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, requests.Count), options, async (i, ct) =>
        {
            var target = await TargetFor(requests[i], ct).ConfigureAwait(false);
            results[i] = target.Error is not null
                ? new PreflightResult(requests[i], [], target.Error)
                : new PreflightResult(requests[i], await new Preflight(target.Lookups!).CheckAsync(requests[i], ct).ConfigureAwait(false), null);
        }).ConfigureAwait(false);
        return results;
    }

    /// <summary>Waits, concurrently, until each applied route is accepted by its parents (see <see cref="AcceptanceWaiter"/>).</summary>
    public async Task<IReadOnlyDictionary<RouteResult, WaitOutcome>> WaitAsync(IReadOnlyList<RouteResult> applied, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(applied);
        var waits = new System.Collections.Concurrent.ConcurrentDictionary<RouteResult, WaitOutcome>();
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Math.Max(settings.Concurrency, applied.Count)), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(applied.Where(r => !r.Failed && r.ApiVersion is not null), options, async (result, ct) =>
        {
            var target = await TargetFor(result.Request, ct).ConfigureAwait(false);
            var version = result.ApiVersion![(result.ApiVersion!.IndexOf('/', StringComparison.Ordinal) + 1)..];
            waits[result] = await new AcceptanceWaiter(target.Connection!).WaitAsync(result.Request, version, timeout, ct).ConfigureAwait(false);
        }).ConfigureAwait(false);
        return waits;
    }

    public void Dispose()
    {
        foreach (var target in _targets.Values.Where(t => t.IsValueCreated && t.Value.IsCompletedSuccessfully))
        {
            target.Value.Result.Connection?.Dispose();
        }
    }

    private async Task<RouteResult> RunOneAsync(RouteRequest request, RouteOperation operation, bool listNamespace, CancellationToken cancellationToken)
    {
        var target = await TargetFor(request, cancellationToken).ConfigureAwait(false);
        if (target.Error is not null)
        {
            return new RouteResult(request, null, ApplyOutcome.Failed(target.Error, []), null);
        }

        var connection = target.Connection!;
        if (operation == RouteOperation.Destroy)
        {
            var version = settings.ApiVersion ?? target.Served.FirstOrDefault(v => v == TcpRouteMapper.DefaultVersion) ?? (target.Served.Count > 0 ? target.Served[0] : null);
            if (version is null)
            {
                var absent = new ApplyOutcome(RouteAction.Absent, null, [], [], null);
                return new RouteResult(request, null, absent, "the cluster does not serve TCPRoute at all");
            }

            var deleter = new ServerSideApplier(connection, settings.Apply);
            var deleted = await deleter.DeleteAsync(version, request.Namespace, request.Name, cancellationToken).ConfigureAwait(false);
            return new RouteResult(request, $"{GatewayApi.Group}/{version}", deleted, null);
        }

        var choice = TcpRouteApiVersions.Choose(target.Served, request.Manifest, settings.ApiVersion);
        if (choice.Error is not null)
        {
            return new RouteResult(request, null, ApplyOutcome.Failed(choice.Error, []), null);
        }

        var route = TcpRouteMapper.Map(request.Manifest, request.Namespace, choice.Version!);
        var applySettings = operation == RouteOperation.Plan ? settings.Apply with { ServerDryRun = true } : settings.Apply;
        KnownState? known = null;
        if (listNamespace)
        {
            // Without list rights (or on any other trouble) each route is read on its own instead.
            var routes = await target.Lookups!.Routes(request.Namespace, choice.Version!, cancellationToken).ConfigureAwait(false);
            known = routes.Value is { } byName ? new KnownState(byName.GetValueOrDefault(request.Name)) : null;
        }

        var outcome = await new ServerSideApplier(connection, applySettings).ApplyAsync(route, cancellationToken, known).ConfigureAwait(false);
        return new RouteResult(request, $"{TcpRouteMapper.Group}/{choice.Version}", outcome, choice.Note);
    }

    /// <summary>
    /// The client reads each response body synchronously (its typed calls deserialize straight from
    /// the network stream), so every request in flight holds a thread-pool thread until its answer
    /// arrives. The pool starts with one thread per core and adds more only about twice a second:
    /// a bulk apply with 16 or 32 in flight spent its first seconds waiting for threads (measured:
    /// 1,000 routes at 32 in flight took 8-9.6 s, 5-6 s with the threads there from the start).
    /// </summary>
    private static void ReserveThreads(int inFlight)
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        var needed = inFlight + Environment.ProcessorCount;
        if (workers < needed)
        {
            ThreadPool.SetMinThreads(needed, completionPorts);
        }
    }

    private Task<Target> TargetFor(RouteRequest request, CancellationToken cancellationToken)
    {
        var context = settings.Connection.Context ?? request.Manifest.Metadata?.Labels.GetValueOrDefault(Manifests.ManifestMetadata.ContextLabel);
        return _targets.GetOrAdd(context ?? string.Empty, key => new Lazy<Task<Target>>(() => OpenAsync(key.Length == 0 ? null : key, cancellationToken))).Value;
    }

    private async Task<Target> OpenAsync(string? context, CancellationToken cancellationToken)
    {
        ClusterConnection? connection = null;
        try
        {
            connection = ClusterConnection.Open(settings.Connection, context);
            var served = await TcpRouteApiVersions.ServedAsync(connection, cancellationToken).ConfigureAwait(false);
            return new Target(connection, served, new ClusterLookups(connection), null);
        }
        catch (ClusterException e)
        {
            connection?.Dispose();
            return new Target(null, [], null, e.Error);
        }
    }

    private sealed record Target(ClusterConnection? Connection, IReadOnlyList<string> Served, ClusterLookups? Lookups, ClusterError? Error);
}
