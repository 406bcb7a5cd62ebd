using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using k8s;
using k8s.KubeConfigModels;

namespace OpenMcf.TcpRoute.IntegrationTests.Infrastructure;

/// <summary>Variants of the fixture's kubeconfig for error tests: another server, another CA, another token.</summary>
internal static class TestKubeconfigs
{
    public static string Write(string baseKubeconfig, Action<K8SConfiguration> change)
    {
        var config = KubernetesClientConfiguration.LoadKubeConfig(baseKubeconfig);
        var dir = Path.GetDirectoryName(Path.GetFullPath(baseKubeconfig))!;
        foreach (var cluster in config.Clusters)
        {
            // Written elsewhere, so relative certificate paths must become absolute.
            if (cluster.ClusterEndpoint.CertificateAuthority is { } ca && !Path.IsPathRooted(ca))
            {
                cluster.ClusterEndpoint.CertificateAuthority = Path.Combine(dir, ca);
            }
        }

        change(config);
        var path = Path.Combine(Path.GetTempPath(), $"openmcf-it-{Guid.NewGuid():N}.kubeconfig");
        File.WriteAllText(path, Yaml(config));
        return path;
    }

    /// <summary>The kubeconfig fields these tests use, written out as YAML (JSON is valid YAML).</summary>
    private static string Yaml(K8SConfiguration config)
    {
        static JsonObject Drop(JsonObject o)
        {
            foreach (var key in o.Where(p => p.Value is null).Select(p => p.Key).ToList())
            {
                o.Remove(key);
            }

            return o;
        }

        var json = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Config",
            ["current-context"] = config.CurrentContext,
            ["clusters"] = new JsonArray(config.Clusters.Select(c => (JsonNode)new JsonObject
            {
                ["name"] = c.Name,
                ["cluster"] = Drop(new JsonObject
                {
                    ["server"] = c.ClusterEndpoint.Server,
                    ["certificate-authority"] = c.ClusterEndpoint.CertificateAuthority,
                    ["certificate-authority-data"] = c.ClusterEndpoint.CertificateAuthorityData,
                    ["insecure-skip-tls-verify"] = c.ClusterEndpoint.SkipTlsVerify ? true : null,
                }),
            }).ToArray<JsonNode?>()),
            ["users"] = new JsonArray(config.Users.Select(u => (JsonNode)new JsonObject
            {
                ["name"] = u.Name,
                ["user"] = Drop(new JsonObject
                {
                    ["token"] = u.UserCredentials?.Token,
                    ["client-certificate-data"] = u.UserCredentials?.ClientCertificateData,
                    ["client-key-data"] = u.UserCredentials?.ClientKeyData,
                }),
            }).ToArray<JsonNode?>()),
            ["contexts"] = new JsonArray(config.Contexts.Select(c => (JsonNode)new JsonObject
            {
                ["name"] = c.Name,
                ["context"] = new JsonObject { ["cluster"] = c.ContextDetails.Cluster, ["user"] = c.ContextDetails.User },
            }).ToArray<JsonNode?>()),
        };
        return json.ToJsonString();
    }

    public static void SetServer(K8SConfiguration config, string server)
    {
        foreach (var cluster in config.Clusters)
        {
            cluster.ClusterEndpoint.Server = server;
        }
    }

    public static void SetToken(K8SConfiguration config, string token)
    {
        foreach (var user in config.Users)
        {
            user.UserCredentials = new UserCredentials { Token = token };
        }
    }

    /// <summary>No certificate-authority, so the machine's roots decide (and refuse the local cluster's).</summary>
    public static void DropCa(K8SConfiguration config)
    {
        foreach (var cluster in config.Clusters)
        {
            cluster.ClusterEndpoint.CertificateAuthority = null;
            cluster.ClusterEndpoint.CertificateAuthorityData = null;
            cluster.ClusterEndpoint.SkipTlsVerify = false;
        }
    }

    /// <summary>Trust only a freshly made CA that did not sign the server's certificate.</summary>
    public static void TrustStrangerCa(K8SConfiguration config)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=stranger-ca", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var pem = cert.ExportCertificatePem();
        foreach (var cluster in config.Clusters)
        {
            cluster.ClusterEndpoint.CertificateAuthority = null;
            cluster.ClusterEndpoint.CertificateAuthorityData = Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(pem));
            cluster.ClusterEndpoint.SkipTlsVerify = false;
        }
    }
}
