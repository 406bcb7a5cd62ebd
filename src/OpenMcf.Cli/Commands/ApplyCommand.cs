using System.CommandLine;
using System.Text.Json.Nodes;
using OpenMcf.Cli.Output;
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
internal sealed record ApplyOptions(OutputFormat Output, DryRun DryRun, bool Preflight, TimeSpan? Wait, ApplySettings Apply);

/// <summary>openmcf apply: read, validate and map every manifest, then server-side apply them.</summary>
internal static class ApplyCommand
{
    public const string Examples = """
        openmcf apply -f tcproute.yaml
        openmcf apply -f tcproute.yaml --dry-run=client -o yaml
        openmcf apply -f tcproute.yaml --dry-run=server
        openmcf apply -f routes/ -R --context prod -o json
        openmcf apply -f tcproute.yaml --force-conflicts
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
        var command = new Command(
            "apply",
            "Validate KubernetesTcpRoute manifests, turn each into a Gateway API TCPRoute and server-side-apply it. "
                + "Nothing is applied unless every document of every input is valid.")
        {
            output, dryRun, fieldManager, forceConflicts, skipPreflight, wait, timeout,
        };
        ClusterOptions.AddTo(command, inputs, cluster);

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var mode = parseResult.GetValue(dryRun);
            var settings = cluster.Settings(parseResult, console);
            var options = new ApplyOptions(
                parseResult.GetValue(output),
                mode,
                Preflight: !parseResult.GetValue(skipPreflight),
                Wait: parseResult.GetValue(wait) ? parseResult.GetValue(timeout) : null,
                new ApplySettings(parseResult.GetRequiredValue(fieldManager), parseResult.GetValue(forceConflicts), mode == DryRun.Server));
            var outcome = await Handle(console, inputs.Read(parseResult), options, settings, cancellationToken).ConfigureAwait(false);
            return ExitCodes.For(outcome);
        });
        return command;
    }

    internal static async Task<Outcome> Handle(
        CliConsole console, ManifestInputs inputs, ApplyOptions options, RunSettings settings, CancellationToken cancellationToken)
    {
        var requests = ManifestStage.Prepare(console, inputs, settings.ApiVersion);
        if (requests is null)
        {
            return Outcome.InvalidInput;
        }

        if (options.DryRun == DryRun.Client)
        {
            var version = settings.ApiVersion ?? GatewayApi.DefaultVersion;
            RenderWriter.Write(
                console, options.Output, requests.Select(r => TcpRouteMapper.Map(r.Manifest, r.Namespace, version)).ToList());
            return Outcome.Success;
        }

        using var runner = new RouteRunner(settings);
        if (options.Preflight)
        {
            var findings = await runner.PreflightAsync(requests, cancellationToken).ConfigureAwait(false);
            if (CommandOutcome.OfPreflight(findings) != Outcome.Success)
            {
                PreflightWriter.WriteFindings(console, findings);
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

        var results = await runner.ApplyAsync(requests, options.Apply, cancellationToken).ConfigureAwait(false);
        var waits = options.Wait is { } timeout && options.DryRun == DryRun.None
            ? await runner.WaitAsync(results, timeout, cancellationToken).ConfigureAwait(false)
            : [];
        ResultWriter.Write(console, options.Output, new ApplyResults(options.DryRun == DryRun.Server, waits), results);
        return CommandOutcome.OfApply(results, waits);
    }
}
