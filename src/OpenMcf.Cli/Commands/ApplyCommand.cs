using System.CommandLine;
using System.Text.Json.Nodes;
using OpenMcf.Cli.Fleet;
using OpenMcf.Cli.Output;
using OpenMcf.Cli.Reports;
using OpenMcf.TcpRoute;
using OpenMcf.TcpRoute.Cluster;
using OpenMcf.TcpRoute.Mapping;

namespace OpenMcf.Cli.Commands;

internal enum DryRun
{
    None,
    Client,
    Server,
}

/// <summary>What apply does beyond what every cluster command shares.</summary>
/// <param name="Wait">--wait with its timeout; null: do not wait.</param>
/// <param name="Set">--applyset (with --prune and its limits); null: the routes belong to no set.</param>
internal sealed record ApplyOptions(OutputFormat Output, DryRun DryRun, bool Preflight, TimeSpan? Wait, ApplySettings Apply)
{
    public SetRequest? Set { get; init; }

    /// <summary>--strict: every preflight warning is an error.</summary>
    public bool Strict { get; init; }
}

/// <summary>openmcf apply: read, validate and map every manifest, then server-side apply them.</summary>
internal static class ApplyCommand
{
    public const string Examples = """
        openmcf apply -f tcproute.yaml
        openmcf apply -f tcproute.yaml --dry-run=client -o yaml
        openmcf apply -f tcproute.yaml --dry-run=server
        openmcf apply -f routes/ -R --context prod -o json
        openmcf apply -f routes/ --context staging --context prod
        openmcf apply -f routes/ --all-contexts --context-pattern 'prod-*'
        openmcf apply -f tcproute.yaml --force-conflicts
        openmcf apply -f routes/ --prune --applyset tcp-routes --max-deletions 5
        """;

    public static Command Create(CliConsole console)
    {
        var inputs = new InputOptions();
        var output = CommonOptions.Output();
        var cluster = new ClusterOptions();
        var dryRun = CommonOptions.Choice(
            "--dry-run",
            "client: render the TCPRoutes offline and send nothing; "
                + "server: let the API server validate and default without persisting; none: apply.",
            DryRun.None);
        var fieldManager = new Option<string>("--field-manager")
        {
            Description = $"The field manager named in the server-side apply. (default: {ApplySettings.DefaultFieldManager})",
            DefaultValueFactory = _ => ApplySettings.DefaultFieldManager,
            HelpName = "name",
        };
        var wait = new Option<bool>("--wait")
        {
            Description = "After applying, wait until every parent Gateway reports the route Accepted and ResolvedRefs "
                + "for its current generation; exit 5 when one rejects it or on timeout.",
        };
        var timeout = CommonOptions.Duration(
            "--timeout", "How long --wait waits (2m, 90s). (default: 2m)", TimeSpan.FromMinutes(2), allowZero: false);
        var skipPreflight = new Option<bool>("--skip-preflight")
        {
            Description = "Apply without first checking that the namespace, Gateways, listeners, Services and ReferenceGrants "
                + "the routes need exist.",
        };
        var forceConflicts = new Option<bool>("--force-conflicts")
        {
            Description = "Take over fields that another field manager owns instead of failing with a conflict.",
        };
        var strict = CommonOptions.Strict();
        var applyUnchanged = new Option<bool>("--apply-unchanged")
        {
            Description = "Send the apply even for routes the cluster already holds exactly as declared and owned by the field "
                + "manager (by default they are reported unchanged and nothing is sent).",
        };
        var set = new SetOptions(prune: true);
        var command = new Command(
            "apply",
            "Validate KubernetesTcpRoute manifests, turn each into a Gateway API TCPRoute and server-side-apply it. "
                + "Nothing is applied unless every document of every input is valid.")
        {
            output, dryRun, fieldManager, forceConflicts, applyUnchanged, skipPreflight, strict, wait, timeout,
        };
        set.AddTo(command, inputs, filesOptional: false);
        var ci = new CiOptions();
        ci.AddTo(command);
        ClusterOptions.AddTo(command, inputs, cluster);

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var mode = parseResult.GetValue(dryRun);
            var settings = cluster.Settings(parseResult, console);
            var setRequest = set.Read(parseResult, settings, out var problem);
            if (problem is not null)
            {
                DiagnosticWriter.Error(console, problem);
                return ExitCodes.UsageError;
            }

            var options = new ApplyOptions(
                parseResult.GetValue(output),
                mode,
                Preflight: !parseResult.GetValue(skipPreflight),
                Wait: parseResult.GetValue(wait) ? parseResult.GetValue(timeout) : null,
                new ApplySettings(parseResult.GetRequiredValue(fieldManager), parseResult.GetValue(forceConflicts), mode == DryRun.Server)
                {
                    PartOf = setRequest?.ApplySet.Id,
                    ApplyUnchanged = parseResult.GetValue(applyUnchanged),
                })
            {
                Set = setRequest,
                Strict = parseResult.GetValue(strict),
            };
            var ciSettings = ci.Read(parseResult);
            var reporting = CiOptions.Start(console, "apply", ciSettings);
            var (fleet, read) = (cluster.Fleet(parseResult), inputs.Read(parseResult));
            var outcome = await Handle(reporting, read, options, settings, fleet, cancellationToken).ConfigureAwait(false);
            return ExitCodes.For(RunReports.Finish(reporting, ciSettings, outcome, routeOutputs: mode == DryRun.None));
        });
        return command;
    }

    internal static async Task<Outcome> Handle(
        CliConsole console,
        ManifestInputs inputs,
        ApplyOptions options,
        RunSettings settings,
        FleetSettings fleet,
        CancellationToken cancellationToken)
    {
        var requests = ManifestStage.Prepare(
            console, inputs, settings.ApiVersion, allowEmpty: options.Set is { Prune: true, AllowEmpty: true });
        if (requests is null)
        {
            return Outcome.InvalidInput;
        }

        if (options.DryRun == DryRun.Client)
        {
            var version = settings.ApiVersion ?? GatewayApi.DefaultVersion;
            RenderWriter.Write(
                console,
                options.Output,
                [.. requests.Select(r => TcpRouteMapper.Map(r.Manifest, r.Namespace, version, options.Apply.PartOf))]);
            return Outcome.Success;
        }

        return await FleetRun.RunAsync(
            console,
            options.Output,
            settings,
            fleet,
            requests,
            (WithoutRoutes: false, TakesSet: options.Set is not null),
            (cluster, ct) =>
            {
                if (!SetRequest.TryIn(options.Set, cluster, out var set))
                {
                    return Task.FromResult(Outcome.UsageError);
                }

                var inCluster = options with
                {
                    Output = cluster.Output,
                    Set = set,
                    Apply = options.Apply with { PartOf = set?.ApplySet.Id },
                };
                return ApplyToClusterAsync(cluster.Console, cluster.Requests, inCluster, cluster.Settings, ct);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One cluster's share: preflight, then the apply (with the set, when there is one), then --wait.</summary>
    private static async Task<Outcome> ApplyToClusterAsync(
        CliConsole console,
        IReadOnlyList<RouteRequest> requests,
        ApplyOptions options,
        RunSettings settings,
        CancellationToken cancellationToken)
    {
        using var runner = new RouteRunner(settings);
        using var progress = ProgressLine.Attach(console, options.Output, runner);

        // Each route's live state is read during its preflight, not after it (one round trip less, in 8, for one
        // route). With a set, not before its lease is taken: the lease keeps another run from changing the routes between.
        var ahead = options.Preflight && options.Set is null ? new StatesAhead(settings) : null;
        if (options.Preflight)
        {
            var findings = await runner.PreflightAsync(requests, cancellationToken, ahead).ConfigureAwait(false);
            findings = options.Strict ? [.. findings.Select(f => f.Strictly())] : findings;
            if (CommandOutcome.OfPreflight(findings) != Outcome.Success)
            {
                PreflightWriter.WriteFindings(console, findings);
                PreflightWriter.Record(console, findings);
                var errors = findings.Sum(f => f.Value?.Findings.Count(d => d.Severity == TcpRoute.Validation.Severity.Error) ?? 0);

                // The cluster could not be reached or used: skipping preflight would not help.
                DiagnosticWriter.Error(console, errors == 0
                    ? "nothing was applied"
                    : $"preflight found {errors} error{(errors == 1 ? string.Empty : "s")}; "
                        + "nothing was applied (fix them, or apply anyway with --skip-preflight)");
                return Outcome.ClusterError;
            }

            PreflightWriter.WriteFindings(console, findings);
        }

        if (options.Set is { } set)
        {
            return await ApplySetAsync(console, runner, requests, options, set, cancellationToken).ConfigureAwait(false);
        }

        var results = await runner.ApplyAsync(requests, options.Apply, cancellationToken, ahead).ConfigureAwait(false);
        return await WaitAndWriteAsync(console, runner, options, results, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// --applyset: take the set in each cluster, apply (every route labelled a member), prune what is no longer
    /// declared when every route applied, give the set up. Nothing is applied where the set cannot be taken.
    /// </summary>
    private static async Task<Outcome> ApplySetAsync(
        CliConsole console,
        RouteRunner runner,
        IReadOnlyList<RouteRequest> requests,
        ApplyOptions options,
        SetRequest set,
        CancellationToken cancellationToken)
    {
        var write = options.DryRun == DryRun.None;
        IReadOnlyList<SetHold> holds = [];
        PruneReport? prune = null;
        IReadOnlyList<RouteResult<Applied>> results;
        try
        {
            holds = await runner.TakeSetAsync(set.ApplySet, requests, write, DateTimeOffset.UtcNow, cancellationToken)
                .ConfigureAwait(false);
            if (holds.Any(h => h.Error is not null))
            {
                foreach (var error in holds.Select(h => h.Error).OfType<ClusterError>().Distinct())
                {
                    DiagnosticWriter.Error(console, error.Message);
                }

                // Nothing was applied: each route is reported as held back by the set's error, for the CI reports.
                var refusal = holds.Select(h => h.Error).OfType<ClusterError>().First();
                foreach (var request in requests)
                {
                    console.Record?.Add(ReportEntries.ForRoute(
                        console.Record.Command, console.Context, RouteResult.Failure<Applied>(request, refusal), "not applied"));
                }

                return CommandOutcome.OfSet(holds, null);
            }

            results = await runner.ApplyAsync(requests, options.Apply, cancellationToken).ConfigureAwait(false);
            var failed = results.Count(r => r.Failed);
            if (set.Prune && failed > 0)
            {
                DiagnosticWriter.Error(
                    console,
                    $"nothing was pruned: {failed} route{(failed == 1 ? string.Empty : "s")} failed to apply (fix, and apply again)");
            }
            else if (set.Prune)
            {
                var mode = write ? PruneMode.Delete : PruneMode.ServerDryRun;
                var settings = new PruneSettings(mode, set.MaxDeletions, set.AllowEmpty) { FieldManager = options.Apply.FieldManager };
                prune = await runner.PruneAsync(holds, settings, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            // Given up even on Ctrl-C: a set left held blocks every other run until its lease expires.
            var released = await runner.ReleaseSetAsync(
                holds, shrink: write && prune?.Complete == true, DateTimeOffset.UtcNow, CancellationToken.None).ConfigureAwait(false);
            foreach (var error in released)
            {
                DiagnosticWriter.Warning(console, error.Message);
            }
        }

        SetWriter.WriteProblems(console, prune);
        var pruned = prune?.Routes.Select(AsPruned).ToList() ?? [];
        var outcome = await WaitAndWriteAsync(console, runner, options, [.. results, .. pruned], cancellationToken).ConfigureAwait(false);
        return CommandOutcome.Worst([outcome, CommandOutcome.OfSet(holds, prune)]);
    }

    private static async Task<Outcome> WaitAndWriteAsync(
        CliConsole console,
        RouteRunner runner,
        ApplyOptions options,
        IReadOnlyList<RouteResult<Applied>> results,
        CancellationToken cancellationToken)
    {
        var waits = options.Wait is { } timeout && options.DryRun == DryRun.None
            ? await runner.WaitAsync([.. results.Where(r => r.Value?.Action != ApplyAction.Pruned)], timeout, cancellationToken)
                .ConfigureAwait(false)
            : [];
        ResultWriter.Write(console, options.Output, new ApplyResults(options.DryRun == DryRun.Server, waits), results);
        return CommandOutcome.OfApply(results, waits);
    }

    private static RouteResult<Applied> AsPruned(RouteResult<Destroyed> member) => member.Value is not null
        ? RouteResult.Success(member.Route, new Applied(ApplyAction.Pruned, [])) with { Warnings = member.Warnings }
        : RouteResult.Failure<Applied>(member.Route, member.Error!);
}
