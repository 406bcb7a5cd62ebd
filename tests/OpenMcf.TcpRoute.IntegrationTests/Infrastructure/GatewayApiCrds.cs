using System.Net;
using System.Text.RegularExpressions;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace OpenMcf.TcpRoute.IntegrationTests.Infrastructure;

/// <summary>Installs and removes the Gateway API CRDs from the shared fixtures, waiting until discovery agrees.</summary>
internal static partial class GatewayApiCrds
{
    public const string Group = "gateway.networking.k8s.io";
    private static readonly string[] Names = ["gatewayclasses", "gateways", "referencegrants", "tcproutes"];

    public static async Task<bool> TcpRouteServedAsync(IKubernetes client, CancellationToken cancellationToken)
    {
        try
        {
            await client.ApiextensionsV1.ReadCustomResourceDefinitionAsync($"tcproutes.{Group}", cancellationToken: cancellationToken);
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    /// <summary>Replaces whatever Gateway API CRDs are installed with those in <paramref name="directory"/>.</summary>
    public static async Task InstallAsync(IKubernetes client, string directory, CancellationToken cancellationToken)
    {
        await RemoveAsync(client, cancellationToken);
        var served = new List<(string Version, string Plural)>();
        foreach (var file in Directory.GetFiles(directory, "*.yaml").Order(StringComparer.Ordinal))
        {
            // Kubernetes 1.20 (our local control plane) rejects `default: ""` on string fields
            // ("must be of type string"); newer servers accept it. Dropping those lines is the only change.
            var text = EmptyStringDefault().Replace(await File.ReadAllTextAsync(file, cancellationToken), string.Empty);
            var crd = OpenMcf.TcpRoute.Tests.Support.YamlJson.ToJson(text)!.AsObject();
            await client.CustomObjects.CreateClusterCustomObjectAsync(crd, "apiextensions.k8s.io", "v1", "customresourcedefinitions", cancellationToken: cancellationToken);
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

    public static async Task RemoveAsync(IKubernetes client, CancellationToken cancellationToken)
    {
        foreach (var name in Names)
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
                var list = await client.ApiextensionsV1.ListCustomResourceDefinitionAsync(cancellationToken: cancellationToken);
                return list.Items.All(c => c.Spec.Group != Group) && groups.Groups.All(g => g.Name != Group);
            },
            TimeSpan.FromSeconds(60),
            "the Gateway API CRDs to be gone",
            cancellationToken);
    }

    [GeneratedRegex(@"^[ \t]*default: """"[ \t]*\r?\n", RegexOptions.Multiline)]
    private static partial Regex EmptyStringDefault();
}
