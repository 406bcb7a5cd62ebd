using System.Collections.Concurrent;
using OpenMcf.TcpRoute.Mapping;

namespace OpenMcf.TcpRoute.Cluster;

public enum RouteOperation
{
    Apply,
    Plan,
    Destroy,
}

/// <summary>
/// What happened to one route. <see cref="Note"/> explains a choice made on the user's behalf (such as the API version).
/// </summary>
public sealed record RouteResult(RouteRequest Request, string? ApiVersion, ApplyOutcome Outcome, string? Note)
{
    public bool Failed => Outcome.Error is not null;
}

/// <summary>Preflight findings for one route, or the error that kept it from being checked.</summary>
public sealed record PreflightResult(RouteRequest Request, IReadOnlyList<Validation.Diagnostic> Findings, ClusterError? Error)
{
    public bool HasErrors => Error is not null || Findings.Any(f => f.Severity == Validation.Severity.Error);
}

/// <summary>
/// What every operation over a batch shares; what is particular to one operation is an argument of that operation.
/// </summary>
/// <param name="ApiVersion">--api-version: the TCPRoute version to use instead of choosing one.</param>
/// <param name="Concurrency">How many routes are in flight at once over the shared connections.</param>
public sealed record RunSettings(ConnectionSettings Connection, string? ApiVersion, int Concurrency);

/// <summary>
/// The apply stage over a batch: one cluster per kube context (shared by all its routes),
/// discovery of the served TCPRoute versions once per context, then map and apply (or plan, or
/// delete) each route. One route failing does not stop the others. The clusters come through
/// <see cref="IRouteClusters"/>, so the decisions here are tested without one.
/// </summary>
public sealed class RouteRunner(RunSettings settings, IRouteClusters clusters) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Task<Target>>> _targets = new(StringComparer.Ordinal);

    /// <summary>A runner on the real clusters of the kubeconfig.</summary>
    public RouteRunner(RunSettings settings)
        : this(settings, new KubernetesRouteClusters(Require(settings).Connection))
    {
    }

    /// <summary>Server-side applies every route (a dry run when <paramref name="apply"/> says so).</summary>
    public Task<IReadOnlyList<RouteResult>> ApplyAsync(
        IReadOnlyList<RouteRequest> requests, ApplySettings apply, CancellationToken cancellationToken) =>
        RunAsync(requests, RouteOperation.Apply, apply, cancellationToken);

    /// <summary>What an apply would do, by a server-side dry run under <paramref name="fieldManager"/>.</summary>
    public Task<IReadOnlyList<RouteResult>> PlanAsync(
        IReadOnlyList<RouteRequest> requests, string fieldManager, CancellationToken cancellationToken) =>
        RunAsync(
            requests,
            RouteOperation.Plan,
            new ApplySettings(fieldManager, ForceConflicts: false, ServerDryRun: true),
            cancellationToken);

    /// <summary>Deletes every route (or asks the server to check the deletion, with <paramref name="dryRun"/>).</summary>
    public Task<IReadOnlyList<RouteResult>> DestroyAsync(
        IReadOnlyList<RouteRequest> requests, bool dryRun, CancellationToken cancellationToken) =>
        RunAsync(
            requests,
            RouteOperation.Destroy,
            new ApplySettings(ApplySettings.DefaultFieldManager, ForceConflicts: false, dryRun),
            cancellationToken);

    private async Task<IReadOnlyList<RouteResult>> RunAsync(
        IReadOnlyList<RouteRequest> requests, RouteOperation operation, ApplySettings apply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var results = new RouteResult[requests.Count];
        var options = Parallelism(settings.Concurrency, cancellationToken);

        // Where several routes share a namespace, their current state is read with one LIST.
        var shared = requests.GroupBy(r => r.Namespace)
            .Where(g => g.Count() > 1)
            .Select(g => g.Key)
            .ToHashSet(StringComparer.Ordinal);
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, requests.Count), options, async (i, ct) =>
            {
                var listNamespace = shared.Contains(requests[i].Namespace);
                results[i] = await RunOneAsync(requests[i], operation, apply, listNamespace, ct).ConfigureAwait(false);
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
                results[i] ??= new RouteResult(requests[i], null, ApplyOutcome.Failed(interrupted, []), null);
            }
        }

        return results;
    }

    /// <summary>Preflight for every route, concurrently; each Gateway, Service and ReferenceGrant is read once per context.</summary>
    public async Task<IReadOnlyList<PreflightResult>> PreflightAsync(
        IReadOnlyList<RouteRequest> requests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var results = new PreflightResult[requests.Count];
        var options = Parallelism(settings.Concurrency, cancellationToken);
        await Parallel.ForEachAsync(Enumerable.Range(0, requests.Count), options, async (i, ct) =>
        {
            var target = await TargetFor(requests[i], ct).ConfigureAwait(false);
            if (target.Error is not null)
            {
                results[i] = new PreflightResult(requests[i], [], target.Error);
                return;
            }

            var findings = await new Preflight(target.Cluster!.Reader).CheckAsync(requests[i], ct).ConfigureAwait(false);
            results[i] = new PreflightResult(requests[i], findings, null);
        }).ConfigureAwait(false);
        return results;
    }

    /// <summary>Waits, concurrently, until each applied route is accepted by its parents (see <see cref="AcceptanceWaiter"/>).</summary>
    public async Task<IReadOnlyDictionary<RouteResult, WaitOutcome>> WaitAsync(
        IReadOnlyList<RouteResult> applied, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(applied);
        var waits = new ConcurrentDictionary<RouteResult, WaitOutcome>();

        // Waiting holds no thread: every route waits at once.
        var options = Parallelism(Math.Max(settings.Concurrency, applied.Count), cancellationToken);
        await Parallel.ForEachAsync(applied.Where(r => !r.Failed && r.ApiVersion is not null), options, async (result, ct) =>
        {
            var target = await TargetFor(result.Request, ct).ConfigureAwait(false);
            var version = result.ApiVersion![(result.ApiVersion!.IndexOf('/', StringComparison.Ordinal) + 1)..];
            waits[result] = await target.Cluster!.WaitAsync(result.Request, version, timeout, ct).ConfigureAwait(false);
        }).ConfigureAwait(false);
        return waits;
    }

    public void Dispose()
    {
        foreach (var target in _targets.Values.Where(t => t.IsValueCreated && t.Value.IsCompletedSuccessfully))
        {
            target.Value.Result.Cluster?.Dispose();
        }
    }

    private async Task<RouteResult> RunOneAsync(
        RouteRequest request, RouteOperation operation, ApplySettings apply, bool listNamespace, CancellationToken cancellationToken)
    {
        var target = await TargetFor(request, cancellationToken).ConfigureAwait(false);
        if (target.Error is not null)
        {
            return new RouteResult(request, null, ApplyOutcome.Failed(target.Error, []), null);
        }

        var cluster = target.Cluster!;
        if (operation == RouteOperation.Destroy)
        {
            var version = settings.ApiVersion
                ?? target.Served.FirstOrDefault(v => v == GatewayApi.DefaultVersion)
                ?? (target.Served.Count > 0 ? target.Served[0] : null);
            if (version is null)
            {
                var absent = new ApplyOutcome(RouteAction.Absent, null, [], [], null);
                return new RouteResult(request, null, absent, "the cluster does not serve TCPRoute at all");
            }

            var deleted = await cluster.DeleteAsync(version, request.Namespace, request.Name, apply.ServerDryRun, cancellationToken)
                .ConfigureAwait(false);
            return new RouteResult(request, $"{GatewayApi.Group}/{version}", deleted, null);
        }

        var choice = TcpRouteApiVersions.Choose(target.Served, request.Manifest, settings.ApiVersion);
        if (choice.Error is not null)
        {
            return new RouteResult(request, null, ApplyOutcome.Failed(choice.Error, []), null);
        }

        var route = TcpRouteMapper.Map(request.Manifest, request.Namespace, choice.Version!);
        KnownState? known = null;
        if (listNamespace)
        {
            // Without list rights (or on any other trouble) each route is read on its own instead.
            var routes = await cluster.Reader.ListRoutes(request.Namespace, choice.Version!, cancellationToken)
                .ConfigureAwait(false);
            known = routes.Value is { } byName ? new KnownState(byName.GetValueOrDefault(request.Name)) : null;
        }

        var outcome = await cluster.ApplyAsync(route, apply, known, cancellationToken).ConfigureAwait(false);
        return new RouteResult(request, $"{GatewayApi.Group}/{choice.Version}", outcome, choice.Note);
    }

    private static ParallelOptions Parallelism(int inFlight, CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = Math.Max(1, inFlight), CancellationToken = cancellationToken };

    private static RunSettings Require(RunSettings? settings) => settings ?? throw new ArgumentNullException(nameof(settings));

    private Task<Target> TargetFor(RouteRequest request, CancellationToken cancellationToken)
    {
        var label = request.Manifest.Metadata?.Labels.GetValueOrDefault(Manifests.ManifestMetadata.ContextLabel);
        var context = Kubeconfig.ContextFor(settings.Connection.Context, label);
        return _targets.GetOrAdd(
            context ?? string.Empty,
            key => new Lazy<Task<Target>>(() => OpenAsync(key.Length == 0 ? null : key, cancellationToken))).Value;
    }

    private async Task<Target> OpenAsync(string? context, CancellationToken cancellationToken)
    {
        IRouteCluster? cluster = null;
        try
        {
            cluster = clusters.Open(context);
            var served = await cluster.ServedVersionsAsync(cancellationToken).ConfigureAwait(false);
            return new Target(cluster, served, null);
        }
        catch (ClusterException e)
        {
            cluster?.Dispose();
            return new Target(null, [], e.Error);
        }
        catch
        {
            cluster?.Dispose();
            throw;
        }
    }

    private sealed record Target(IRouteCluster? Cluster, IReadOnlyList<string> Served, ClusterError? Error);
}
