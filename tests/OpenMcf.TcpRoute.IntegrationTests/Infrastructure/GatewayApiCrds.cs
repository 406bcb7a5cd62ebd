using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace OpenMcf.TcpRoute.IntegrationTests.Infrastructure;

/// <summary>
/// Installs and removes the Gateway API CRDs from the shared fixtures, unmodified, waiting until
/// discovery agrees. The local control plane does it with its own script (on the current profile
/// the CRDs live in the aggregated 1.36 server, on the legacy one in 1.20 with its one edit);
/// other clusters get them through the API.
/// </summary>
internal static class GatewayApiCrds
{
    public const string Group = "gateway.networking.k8s.io";
    private static readonly string[] Names = ["gatewayclasses", "gateways", "referencegrants", "tcproutes"];

    /// <summary>
    /// Whether discovery lists tcproutes in some version, or in <paramref name="only"/> (the CRD may live in another, aggregated server).
    /// </summary>
    public static async Task<bool> TcpRouteServedAsync(IKubernetes client, CancellationToken cancellationToken, string? only = null)
    {
        var group = (await client.Apis.GetAPIVersionsAsync(cancellationToken)).Groups.FirstOrDefault(g => g.Name == Group);
        foreach (var version in (group?.Versions ?? []).Where(v => only is null || v.Version == only))
        {
            try
            {
                var resources = await client.CustomObjects.GetAPIResourcesAsync(Group, version.Version, cancellationToken);
                if (resources.Resources.Any(r => r.Name == "tcproutes"))
                {
                    return true;
                }
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
                // A version without resources.
            }
        }

        return false;
    }

    /// <summary>Replaces whatever Gateway API CRDs are installed with those in <paramref name="directory"/>.</summary>
    public static async Task InstallAsync(ClusterFixture cluster, string directory, CancellationToken cancellationToken)
    {
        var client = cluster.Admin;
        var served = new List<(string Version, string Plural)>();
        var crds = Directory.GetFiles(directory, "*.yaml").Order(StringComparer.Ordinal)
            .Select(f => OpenMcf.TcpRoute.Tests.Support.YamlJson.ToJson(File.ReadAllText(f))!.AsObject())
            .ToList();
        if (cluster.SwitchCrds is { } script)
        {
            await script(directory);
        }
        else
        {
            await RemoveAsync(cluster, cancellationToken);
            foreach (var crd in crds)
            {
                await client.CustomObjects.CreateClusterCustomObjectAsync(
                    crd, "apiextensions.k8s.io", "v1", "customresourcedefinitions", cancellationToken: cancellationToken);
            }
        }

        foreach (var crd in crds)
        {
            var plural = (string)crd["spec"]!["names"]!["plural"]!;
            served.AddRange(crd["spec"]!["versions"]!.AsArray().Where(v => (bool)v!["served"]!).Select(v => ((string)v!["name"]!, plural)));
        }

        // Established is not enough: requests fail until discovery lists the resource.
        foreach (var (version, plural) in served)
        {
            await Eventually.TrueAsync(
                async () =>
                {
                    try
                    {
                        var resources = await client.CustomObjects.GetAPIResourcesAsync(Group, version, cancellationToken);
                        return resources.Resources.Any(r => r.Name == plural);
                    }
                    catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
                    {
                        return false;
                    }
                },
                TimeSpan.FromSeconds(30),
                $"{plural}.{Group}/{version} to be served",
                cancellationToken);
        }
    }

    public static async Task RemoveAsync(ClusterFixture cluster, CancellationToken cancellationToken)
    {
        var client = cluster.Admin;
        if (cluster.SwitchCrds is { } script)
        {
            await script(null);
        }

        foreach (var name in cluster.SwitchCrds is null ? Names : [])
        {
            try
            {
                await client.ApiextensionsV1.DeleteCustomResourceDefinitionAsync($"{name}.{Group}", cancellationToken: cancellationToken);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
            }
        }

        await Eventually.TrueAsync(
            async () =>
            {
                var groups = await client.Apis.GetAPIVersionsAsync(cancellationToken);
                return groups.Groups.All(g => g.Name != Group);
            },
            TimeSpan.FromSeconds(60),
            "the Gateway API CRDs to be gone",
            cancellationToken);
    }
}
