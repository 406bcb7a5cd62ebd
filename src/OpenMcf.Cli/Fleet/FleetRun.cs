using OpenMcf.Cli.Output;
using OpenMcf.TcpRoute.Cluster;
using OpenMcf.TcpRoute.Mapping;

namespace OpenMcf.Cli.Fleet;

/// <summary>
/// Runs a command's cluster pipeline on every cluster of the run: the routes placed (<see cref="RoutePlacement"/>),
/// each cluster with its own connection, discovery, preflight, reads and results, at most --cluster-concurrency
/// at once, one failing without stopping the others. A lone cluster writes straight to the console, as openmcf
/// always did; several write into buffers that <see cref="FleetReport"/> prints grouped, once all are done.
/// </summary>
internal static class FleetRun
{
    /// <param name="withoutRoutes">
    /// Run the pipeline on a selected cluster that gets none of the routes (destroy and status with --applyset: the set
    /// is what they act on); otherwise such a cluster is not visited. With no routes in the inputs at all, every
    /// selected cluster is visited (apply --prune-allow-empty).
    /// </param>
    /// <param name="takesSet">
    /// The pipeline takes an ApplySet: two contexts of the run may not reach the same API server, since each would
    /// prune what the other declares.
    /// </param>
    public static async Task<Outcome> RunAsync(
        CliConsole console,
        OutputFormat output,
        RunSettings settings,
        FleetSettings fleet,
        IReadOnlyList<RouteRequest> requests,
        (bool WithoutRoutes, bool TakesSet) scope,
        Func<ClusterRun, CancellationToken, Task<Outcome>> pipeline,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(fleet);
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(pipeline);
        var sources = KubeconfigSources.FromEnvironment(settings.Connection.Kubeconfig);
        if (Select(console, fleet.Selection, sources) is not { } selected)
        {
            return Outcome.UsageError;
        }

        // The current context by name when a label may name it too (reading the kubeconfig only then), so that one
        // cluster is one part of the run.
        var current = selected.Count == 0 && RoutePlacement.AnyLabelled(requests)
            ? Kubeconfig.Load(sources, null).Kubeconfig?.Context
            : null;
        var placement = RoutePlacement.Place(requests, selected, current);
        WriteLeftOut(console, placement.LeftOut);
        var parts = placement.Parts.Where(p => p.Requests.Count > 0 || scope.WithoutRoutes || requests.Count == 0).ToList();
        if (parts.Count == 0)
        {
            DiagnosticWriter.Error(
                console,
                "no route goes to a selected cluster, so nothing was done; select the contexts the routes' labels name");
            return Outcome.UsageError;
        }

        if (parts.Count == 1 && output == OutputFormat.Text)
        {
            // What the reports and annotations name: the context chosen by a flag or a label; null for the current one.
            var part = parts[0];
            var named = console with { Context = part.Context };
            var run = new ClusterRun(named, For(settings, part.Context), part.Requests, output) { Selected = selected.Count > 0 };
            return await pipeline(run, cancellationToken).ConfigureAwait(false);
        }

        if (scope.TakesSet && SharedServer(sources, parts) is { } shared)
        {
            DiagnosticWriter.Error(console, shared);
            return Outcome.UsageError;
        }

        var done = await RunAllAsync(console, settings, sources, fleet, parts, selected.Count > 0, output, pipeline, cancellationToken)
            .ConfigureAwait(false);
        FleetReport.Write(console, output, done);
        return CommandOutcome.Worst([.. done.Select(d => d.Outcome)]);
    }

    /// <summary>The selected contexts (empty: no flag selects any), or null with the usage problem printed.</summary>
    private static IReadOnlyList<string>? Select(CliConsole console, ClusterSelection selection, KubeconfigSources sources)
    {
        IReadOnlyList<string> known = [];
        if (selection.NeedsContextNames)
        {
            if (Kubeconfig.ContextNames(sources, out var error) is not { } names)
            {
                DiagnosticWriter.Error(console, error!.Message);
                return null;
            }

            known = names;
        }

        var selected = selection.Resolve(known, out var problem);
        if (problem is not null)
        {
            DiagnosticWriter.Error(console, problem);
            return null;
        }

        return selected;
    }

    private static void WriteLeftOut(CliConsole console, IReadOnlyList<LeftOutRoute> leftOut)
    {
        if (leftOut.Count == 0)
        {
            return;
        }

        var routes = string.Join(", ", leftOut.Take(5).Select(l => $"{l.Request.Name} ({l.Context})"))
            + (leftOut.Count > 5 ? ", ..." : string.Empty);
        console.Error.WriteLine(
            $"note: {leftOut.Count} route{(leftOut.Count == 1 ? " is" : "s are")} labelled for a context this run does not select, "
            + $"and left out: {routes}");
    }

    private static async Task<ClusterDone[]> RunAllAsync(
        CliConsole console,
        RunSettings settings,
        KubeconfigSources sources,
        FleetSettings fleet,
        List<ClusterPart> parts,
        bool selected,
        OutputFormat output,
        Func<ClusterRun, CancellationToken, Task<Outcome>> pipeline,
        CancellationToken cancellationToken)
    {
        // JSON in every cluster's buffer when the user asked for JSON or YAML: merged into one document at the end.
        var format = output == OutputFormat.Text ? OutputFormat.Text : OutputFormat.Json;
        using var slots = new SemaphoreSlim(fleet.ClusterConcurrency);
        return await Task.WhenAll(parts.Select(async part =>
        {
            var kubeconfig = Kubeconfig.Load(sources, part.Context).Kubeconfig;
            var name = kubeconfig?.Context ?? part.Context ?? "current context";
            var buffered = new CliConsole(new StringWriter(), new StringWriter(), TextReader.Null, console.ColorErrors)
            {
                Tally = new ResultTally(),
                Record = console.Record,
                Annotations = console.Annotations,
                Context = part.Context,
            };

            // Not cancellable: a cluster that started must get to its own end (a set's lease is given up there).
            await slots.WaitAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                var outcome = cancellationToken.IsCancellationRequested
                    ? Outcome.Interrupted
                    : await RunOneAsync(
                        new ClusterRun(buffered, Traced(For(settings, part.Context), buffered), part.Requests, format)
                        {
                            Selected = selected,
                        },
                        pipeline,
                        cancellationToken).ConfigureAwait(false);
                var (stdout, stderr) = (buffered.Out.ToString()!, buffered.Error.ToString()!);
                return new ClusterDone(name, kubeconfig?.Server, outcome, stdout, stderr, buffered.Tally!);
            }
            finally
            {
                slots.Release();
            }
        })).ConfigureAwait(false);
    }

    private static async Task<Outcome> RunOneAsync(
        ClusterRun run, Func<ClusterRun, CancellationToken, Task<Outcome>> pipeline, CancellationToken cancellationToken)
    {
        var console = run.Console;
        try
        {
            return await pipeline(run, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            DiagnosticWriter.Error(console, "interrupted; nothing more was sent");
            return Outcome.Interrupted;
        }
#pragma warning disable CA1031 // One cluster's bug must not take the others' results with it; it still ends as exit 70.
        catch (Exception e)
#pragma warning restore CA1031
        {
            DiagnosticWriter.Error(console, OpenMcfCli.Unexpected(e));
            return Outcome.Unexpected;
        }
    }

    /// <summary>Two contexts of the run that reach one API server, said as the problem; null when each has its own.</summary>
    private static string? SharedServer(KubeconfigSources sources, List<ClusterPart> parts)
    {
        var byServer = parts.Select(p => (Name: p.Context ?? "the current context", Kubeconfig.Load(sources, p.Context).Kubeconfig?.Server))
            .Where(p => p.Server is not null)
            .GroupBy(p => p.Server, StringComparer.OrdinalIgnoreCase)
            .FirstOrDefault(g => g.Count() > 1);
        return byServer is null
            ? null
            : $"contexts {string.Join(" and ", byServer.Select(p => p.Name))} reach the same API server {byServer.Key}, "
                + "and each would prune the set's members the other declares; select one of them";
    }

    /// <summary>--verbose: a cluster's requests are traced into its own buffer, to be printed under its heading.</summary>
    private static RunSettings Traced(RunSettings settings, CliConsole buffered) =>
        settings.Connection.Trace is null
            ? settings
            : settings with { Connection = settings.Connection with { Trace = TextWriter.Synchronized(buffered.Error) } };

    private static RunSettings For(RunSettings settings, string? context) =>
        settings with { Connection = settings.Connection with { Context = context } };
}
