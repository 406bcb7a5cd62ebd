using OpenMcf.TcpRoute.Mapping;
using OpenMcf.TcpRoute.Validation;

namespace OpenMcf.TcpRoute.Cluster;

/// <summary>A route checked by preflight: what it found (errors and warnings), none when all is in place.</summary>
public sealed record Checked(IReadOnlyList<Diagnostic> Findings);

/// <summary>check, and the preflight before apply: does what each route needs exist in its cluster.</summary>
public static class PreflightOperation
{
    /// <summary>Preflight for every route, concurrently; each Gateway, Service and ReferenceGrant is read once per context.</summary>
    /// <param name="ahead">Where each route's live state is read alongside its preflight, for the apply to come; null: not read.</param>
    public static Task<IReadOnlyList<RouteResult<Checked>>> PreflightAsync(
        this RouteRunner runner, IReadOnlyList<RouteRequest> requests, CancellationToken cancellationToken, StatesAhead? ahead = null)
    {
        ArgumentNullException.ThrowIfNull(runner);
        return runner.ForEachRouteAsync(
            requests,
            async (step, ct) =>
            {
                var reading = ahead?.Start(step, ct);
                var findings = await new Preflight(step.Target.Cluster.Reader).CheckAsync(step.Request, ct).ConfigureAwait(false);

                // Ended (however) within the route's step: no more reads in flight than --concurrency allows, none
                // traced after preflight's findings are written, and none left when preflight stops the apply.
                if (reading is not null)
                {
                    await ((Task)reading).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }

                return RouteResult.Success(step.Request, new Checked(findings));
            },
            cancellationToken);
    }

    /// <summary>--strict: every warning of the findings an error.</summary>
    public static RouteResult<Checked> Strictly(this RouteResult<Checked> result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Value is not { } value
            ? result
            : RouteResult.Success(result.Request!, new Checked([.. value.Findings.Select(f => f with { Severity = Severity.Error })]))
                with
            { Warnings = result.Warnings, Note = result.Note, ApiVersion = result.ApiVersion };
    }

    /// <summary>An error finding, or a cluster that could not be asked.</summary>
    public static bool HasErrors(this RouteResult<Checked> result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Failed || result.Value!.Findings.Any(f => f.Severity == Severity.Error);
    }
}
