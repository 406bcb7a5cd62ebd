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
    /// Run the pipeline on a selected cluster that gets no routes (the set commands: its set may still need pruning,
    /// destroying or a status); otherwise such a cluster is skipped.
    /// </param>
    public static async Task<Outcome> RunAsync(
        CliConsole console,
        OutputFormat output,
        RunSettings settings,
        FleetSettings fleet,
        IReadOnlyList<RouteRequest> requests,
        bool withoutRoutes,
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

        var placement = RoutePlacement.Place(requests, selected);
        WriteLeftOut(console, placement.LeftOut);
        var parts = placement.Parts.Where(p => p.Requests.Count > 0 || withoutRoutes || requests.Count == 0).ToList();
        if (parts.Count == 0)
        {
            DiagnosticWriter.Error(
                console,
                "no route goes to a selected cluster, so nothing was done; select the contexts the routes' labels name");
            return Outcome.UsageError;
        }

        if (parts.Count == 1 && output == OutputFormat.Text)
        {
            var part = parts[0];
            // Named only when chosen (a flag or a label): naming the current context would read the kubeconfig once more.
            var named = console with { Context = part.Context };
            return await pipeline(new ClusterRun(named, For(settings, part.Context), part.Requests, output), cancellationToken)
                .ConfigureAwait(false);
        }

        var done = await RunAllAsync(console, settings, sources, fleet, parts, output, pipeline, cancellationToken).ConfigureAwait(false);
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
                Context = name,
            };

            // Not cancellable: a cluster that started must get to its own end (a set's lease is given up there).
            await slots.WaitAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                var outcome = cancellationToken.IsCancellationRequested
                    ? Outcome.Interrupted
                    : await RunOneAsync(buffered, For(settings, part.Context), part.Requests, format, pipeline, cancellationToken)
                        .ConfigureAwait(false);
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
        CliConsole console,
        RunSettings settings,
        IReadOnlyList<RouteRequest> requests,
        OutputFormat output,
        Func<ClusterRun, CancellationToken, Task<Outcome>> pipeline,
        CancellationToken cancellationToken)
    {
        try
        {
            return await pipeline(new ClusterRun(console, settings, requests, output), cancellationToken).ConfigureAwait(false);
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

    private static RunSettings For(RunSettings settings, string? context) =>
        settings with { Connection = settings.Connection with { Context = context } };
}
