using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OpenMcf.TcpRoute.Cluster;

namespace OpenMcf.TcpRoute.Tests.Cluster;

/// <summary>A temporary folder for kubeconfig files, certificates and service-account folders, removed afterwards.</summary>
public sealed class KubeconfigFolder : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("openmcf-kubeconfig-");

    public string Root => _root.FullName;

    /// <summary>Writes <paramref name="text"/> at <paramref name="relativePath"/>, making folders; returns the full path.</summary>
    public string Write(string relativePath, string text)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>A folder that exists and holds nothing, for a home without .kube/config.</summary>
    public string EmptyFolder(string name) => Directory.CreateDirectory(Path.Combine(Root, name)).FullName;

    /// <summary>Sources that look only where the test says: no KUBECONFIG, no home, no pod.</summary>
    public KubeconfigSources Sources(string? explicitPath = null, string? kubeconfigVariable = null, string? home = null) =>
        new(explicitPath, kubeconfigVariable, home ?? EmptyFolder("empty-home"), Path.Combine(Root, "no-service-account"), null, null);

    /// <summary>A kubeconfig with one context per name, each with a cluster and a token user of the same name.</summary>
    public static string Config(string? currentContext, params string[] names) =>
        Config(currentContext, names.Select(n => (n, $"https://{n}.example:6443", string.Empty)).ToArray());

    /// <param name="clusters">Name, server and extra YAML lines of the cluster (indented by four spaces).</param>
    public static string Config(string? currentContext, params (string Name, string Server, string Extra)[] clusters)
    {
        var clusterYaml = string.Concat(clusters.Select(c => $"- name: {c.Name}\n  cluster:\n    server: {c.Server}\n{c.Extra}"));
        var users = string.Concat(clusters.Select(c => $"- name: {c.Name}\n  user:\n    token: token-of-{c.Name}\n"));
        var contexts = string.Concat(clusters.Select(c => $"- name: {c.Name}\n  context:\n    cluster: {c.Name}\n    user: {c.Name}\n"));
        return "apiVersion: v1\nkind: Config\n"
            + (clusters.Length == 0 ? "clusters: []\n" : $"clusters:\n{clusterYaml}")
            + (clusters.Length == 0 ? "users: []\n" : $"users:\n{users}")
            + (clusters.Length == 0 ? "contexts: []\n" : $"contexts:\n{contexts}")
            + (currentContext is null ? string.Empty : $"current-context: {currentContext}\n");
    }

    /// <summary>A self-signed CA certificate in PEM form, with <paramref name="name"/> as its common name.</summary>
    public static string CertificatePem(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return certificate.ExportCertificatePem() + "\n";
    }

    public void Dispose() => _root.Delete(recursive: true);
}
