using k8s;
using OpenMcf.TcpRoute.Manifests;
using OpenMcf.TcpRoute.Mapping;

namespace OpenMcf.TcpRoute.Cluster;

/// <summary>The TCPRoute version to use, given what the cluster serves and what the route needs.</summary>
public sealed record VersionChoice(string? Version, string? Note, ClusterError? Error);

/// <summary>Discovery of the served TCPRoute versions, and the choice among them.</summary>
public static class TcpRouteApiVersions
{
    /// <summary>The versions of gateway.networking.k8s.io that serve tcproutes, newest-preferred order as the server lists them.</summary>
    public static async Task<IReadOnlyList<string>> ServedAsync(ClusterConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var request = new RequestContext("list", "API groups", null, null);
        try
        {
            var groups = await connection.Client.Apis.GetAPIVersionsAsync(cancellationToken).ConfigureAwait(false);
            var group = groups.Groups?.FirstOrDefault(g => g.Name == GatewayApi.Group);
            if (group is null)
            {
                return [];
            }

            // The group's versions at once (three on a current cluster): one after another they took 3 round trips of
            // the 8 a one-route apply makes. Each answer is then taken in the server's order, so that the list and the
            // error (the first version that failed, as before) are what the reads one by one gave.
            var reads = group.Versions
                .Select(v => (v.Version, Read: connection.Client.CustomObjects.GetAPIResourcesAsync(
                    GatewayApi.Group, v.Version, cancellationToken)))
                .ToList();
            await Task.WhenAll(reads.Select(r => (Task)r.Read)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            var served = new List<string>();
            foreach (var (version, read) in reads)
            {
                var resources = await read.ConfigureAwait(false);
                if (resources.Resources?.Any(r => r.Name == GatewayApi.TcpRouteResource) == true)
                {
                    served.Add(version);
                }
            }

            return served;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new ClusterException(ApiErrors.Translate(e, connection, request));
        }
    }

    public static VersionChoice Choose(IReadOnlyList<string> served, TcpRouteManifest manifest, string? requested)
    {
        ArgumentNullException.ThrowIfNull(served);
        ArgumentNullException.ThrowIfNull(manifest);
        if (served.Count == 0)
        {
            return new VersionChoice(null, null, new ClusterError(
                ClusterErrorKind.CrdMissing,
                "the cluster does not serve TCPRoute (tcproutes.gateway.networking.k8s.io); "
                    + "install the Gateway API experimental-channel CRDs (or v1.6+ standard channel) first"));
        }

        if (requested is not null)
        {
            return served.Contains(requested)
                ? new VersionChoice(requested, null, null)
                : new VersionChoice(null, null, new ClusterError(
                    ClusterErrorKind.VersionUnsupported,
                    $"the cluster serves TCPRoute as {string.Join(", ", served)}, not {requested}; "
                        + "drop --api-version or pick a served version"));
        }

        if (served.Contains(GatewayApi.DefaultVersion))
        {
            return new VersionChoice(GatewayApi.DefaultVersion, null, null);
        }

        if (served.Contains("v1"))
        {
            var rules = manifest.Spec?.Rules?.Count ?? 0;
            if (rules > 1)
            {
                return new VersionChoice(null, null, new ClusterError(
                    ClusterErrorKind.VersionUnsupported,
                    $"the route has {rules} rules, but the cluster serves TCPRoute only as v1 (Gateway API standard channel), "
                        + "which allows one rule; split it into one route per rule, or install the experimental-channel CRDs, "
                        + "which serve v1alpha2"));
            }

            if (manifest.Spec?.UseDefaultGateways is not null)
            {
                return new VersionChoice(null, null, new ClusterError(
                    ClusterErrorKind.VersionUnsupported,
                    "the route sets useDefaultGateways, which the cluster's TCPRoute v1 (Gateway API standard channel) does not have; "
                        + "remove it, or install the experimental-channel CRDs"));
            }

            // Anything else v1 refuses (parentRefs to one parent told apart by port only, say).
            var misfit = Validation.TcpRouteValidator.For(GatewayApi.V1).Validate(manifest).Errors.FirstOrDefault();
            if (misfit is not null)
            {
                return new VersionChoice(null, null, new ClusterError(
                    ClusterErrorKind.VersionUnsupported,
                    "the cluster serves TCPRoute only as v1 (Gateway API standard channel), and the route does not fit it: "
                        + $"{Validation.DocumentValidation.ToManifestPath(misfit.PropertyName)} {misfit.ErrorMessage}; "
                        + "change the route, or install the experimental-channel CRDs, which serve v1alpha2"));
            }

            return new VersionChoice(
                "v1",
                "the cluster serves TCPRoute only as v1 (Gateway API standard channel); "
                    + "the route fits it and is applied as gateway.networking.k8s.io/v1",
                null);
        }

        return new VersionChoice(null, null, new ClusterError(
            ClusterErrorKind.VersionUnsupported,
            $"the cluster serves TCPRoute only as {string.Join(", ", served)}, which openmcf does not know; "
                + "pass --api-version to use one anyway"));
    }
}
