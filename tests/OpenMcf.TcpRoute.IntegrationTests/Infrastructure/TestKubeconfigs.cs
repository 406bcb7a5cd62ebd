using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
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
        File.WriteAllText(path, KubernetesYaml.Serialize(config));
        return path;
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
