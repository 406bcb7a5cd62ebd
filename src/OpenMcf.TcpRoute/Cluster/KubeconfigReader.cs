using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using k8s;
using k8s.Exceptions;
using k8s.KubeConfigModels;
using KubeconfigCluster = k8s.KubeConfigModels.Cluster;

namespace OpenMcf.TcpRoute.Cluster;

/// <summary>
/// Reads a <see cref="Kubeconfig"/> the way kubectl does: which files, their merge, the selected
/// context with its cluster and user and the cluster's certificate authority; or, with no file,
/// the pod's service account. Problems end as a <see cref="ClusterException"/> whose sentence
/// names the file or the context.
/// </summary>
internal static class KubeconfigReader
{
    /// <summary>--kubeconfig, else every existing file of KUBECONFIG, else ~/.kube/config; none: the service account.</summary>
    public static List<string> Find(KubeconfigSources sources)
    {
        if (sources.Explicit is { } explicitPath)
        {
            if (!File.Exists(explicitPath))
            {
                throw Bad(
                    ClusterErrorKind.BadKubeconfig,
                    $"the kubeconfig {explicitPath} (from --kubeconfig) does not exist");
            }

            return [explicitPath];
        }

        if (!string.IsNullOrEmpty(sources.KubeconfigVariable))
        {
            var found = sources.KubeconfigVariable.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Where(File.Exists)
                .Distinct(StringComparer.Ordinal)
                .ToList();
            if (found.Count > 0)
            {
                return found;
            }
        }

        if (string.IsNullOrEmpty(sources.Home))
        {
            return [];
        }

        var home = Path.Combine(sources.Home, ".kube", "config");
        return File.Exists(home) ? [home] : [];
    }

    /// <summary>The names of the contexts of <paramref name="files"/>, merged, in file order.</summary>
    public static List<string> ContextNames(List<string> files) =>
        files.Count == 0 ? [] : Merge(files.Select(Read).ToList()).Contexts.Select(c => c.Name).ToList();

    /// <summary>Reads and merges <paramref name="files"/> and selects <paramref name="context"/> (null: the current context).</summary>
    public static Kubeconfig FromFiles(List<string> files, string? context)
    {
        var merged = Merge(files.Select(Read).ToList());
        var contexts = merged.Contexts.ToList();
        var name = string.IsNullOrEmpty(context) ? merged.CurrentContext : context;
        if (string.IsNullOrEmpty(name))
        {
            throw Bad(
                ClusterErrorKind.UnknownContext,
                $"the kubeconfig has no current context; pass --context (available: {Names(contexts)})");
        }

        var selected = contexts.FirstOrDefault(c => c.Name == name)
            ?? throw Bad(
                ClusterErrorKind.UnknownContext,
                $"context \"{name}\" is not in the kubeconfig {string.Join(", ", files)}; available: {Names(contexts)}");
        var details = selected.ContextDetails;
        var cluster = merged.Clusters.FirstOrDefault(c => c.Name == details?.Cluster)
            ?? throw Bad(
                ClusterErrorKind.BadKubeconfig,
                $"context \"{name}\" names the cluster \"{details?.Cluster}\", which is not in the kubeconfig {string.Join(", ", files)}; "
                + "add it, or pass another --context");
        if (!string.IsNullOrEmpty(details!.User) && !merged.Users.Any(u => u.Name == details.User))
        {
            throw Bad(
                ClusterErrorKind.BadKubeconfig,
                $"context \"{name}\" names the user \"{details.User}\", which is not in the kubeconfig {string.Join(", ", files)}; "
                + "add it, or pass another --context");
        }

        var server = cluster.ClusterEndpoint?.Server;
        if (!Uri.TryCreate(server, UriKind.Absolute, out var uri))
        {
            var has = string.IsNullOrEmpty(server) ? "no server" : $"the server \"{server}\", not a URL";
            throw Bad(
                ClusterErrorKind.BadKubeconfig,
                $"the cluster \"{cluster.Name}\" of context \"{name}\" has {has}; set its server to the API server's https URL");
        }

        return new Kubeconfig(name, string.IsNullOrEmpty(details.User) ? "unknown" : details.User, server!)
        {
            Files = files,
            Merged = merged,
            Authorities = Authorities(cluster, uri, name),
            Namespace = string.IsNullOrEmpty(details.Namespace) ? null : details.Namespace,
            NeedsMachineRoots = merged.Clusters.Any(NeedsMachineRoots),
        };
    }

    /// <summary>
    /// The service account of the pod openmcf runs in, read as client-go reads it: the server from
    /// KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT, the token and certificate authority
    /// from the mounted folder.
    /// </summary>
    public static Kubeconfig FromServiceAccount(KubeconfigSources sources, string? context)
    {
        if (string.IsNullOrEmpty(sources.ServiceHost) || string.IsNullOrEmpty(sources.ServicePort))
        {
            throw Bad(
                ClusterErrorKind.BadKubeconfig,
                "no kubeconfig found (looked at --kubeconfig, KUBECONFIG and ~/.kube/config) and not running inside a cluster; "
                + "pass --kubeconfig or set KUBECONFIG");
        }

        if (!string.IsNullOrEmpty(context))
        {
            throw Bad(
                ClusterErrorKind.UnknownContext,
                $"context \"{context}\" was asked for, but there is no kubeconfig (running with the in-cluster service account); "
                + "pass --kubeconfig");
        }

        if (!int.TryParse(sources.ServicePort, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw Bad(
                ClusterErrorKind.BadKubeconfig,
                $"KUBERNETES_SERVICE_PORT is \"{sources.ServicePort}\", not a port number; unset it, or pass --kubeconfig");
        }

        var folder = sources.ServiceAccount;
        var token = ServiceAccountFile(folder, "token", "token");
        if (token.Trim().Length == 0)
        {
            throw Bad(
                ClusterErrorKind.BadKubeconfig,
                $"the service account token {Path.Combine(folder, "token")} is empty; "
                + "mount the pod's service account token, or pass --kubeconfig");
        }

        var ca = System.Text.Encoding.UTF8.GetBytes(ServiceAccountFile(folder, "ca.crt", "certificate authority"));
        var authorities = Certificates(ca, $"the service account's certificate authority {Path.Combine(folder, "ca.crt")}");
        var ns = File.Exists(Path.Combine(folder, "namespace")) ? ServiceAccountFile(folder, "namespace", "namespace").Trim() : null;

        // UriBuilder puts an IPv6 host in brackets, as a pod's KUBERNETES_SERVICE_HOST may be one.
        var server = new UriBuilder(Uri.UriSchemeHttps, sources.ServiceHost, port).ToString();
        return new Kubeconfig(Kubeconfig.InClusterContext, "service account", server)
        {
            Authorities = authorities,
            ServiceAccount = folder,
            Namespace = ns is { Length: > 0 } ? ns : null,
        };
    }

    /// <summary>
    /// Every certificate of a certificate-authority bundle (PEM, or one DER certificate). The
    /// client alone would keep only the first, and servers such as kube-apiserver with a generated
    /// certificate serve a chain whose CA is the second one.
    /// </summary>
    /// <param name="origin">What the bundle is, for messages: "the certificate-authority file /x/ca.crt of context \"c\"".</param>
    public static X509Certificate2Collection Certificates(byte[] content, string origin)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            var text = System.Text.Encoding.UTF8.GetString(content);
            if (text.Contains("-----BEGIN", StringComparison.Ordinal))
            {
                certificates.ImportFromPem(text);
            }
            else
            {
                certificates.Add(X509CertificateLoader.LoadCertificate(content));
            }
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw Bad(
                ClusterErrorKind.BadKubeconfig,
                $"{origin} is not a certificate ({ApiErrors.FirstLine(e.Message)}); put the cluster's CA certificate there in PEM form");
        }

        if (certificates.Count == 0)
        {
            throw Bad(
                ClusterErrorKind.BadKubeconfig,
                $"{origin} holds no certificate; put the cluster's CA certificate there in PEM form");
        }

        return certificates;
    }

    private static string ServiceAccountFile(string folder, string name, string what)
    {
        var path = Path.Combine(folder, name);
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // KUBERNETES_SERVICE_HOST says this is a pod; a pod without automountServiceAccountToken has no folder.
            throw Bad(
                ClusterErrorKind.BadKubeconfig,
                $"running inside a cluster, but the service account {what} {path} cannot be read ({ApiErrors.FirstLine(e.Message)}); "
                + "mount the service account (automountServiceAccountToken: true) or pass --kubeconfig");
        }
    }

    private static K8SConfiguration Read(string file)
    {
        K8SConfiguration? config;
        try
        {
            config = KubernetesClientConfiguration.LoadKubeConfig(new FileInfo(file), useRelativePaths: false);
        }
        catch (Exception e) when (e is KubeConfigException or IOException or UnauthorizedAccessException or YamlDotNet.Core.YamlException
            or ArgumentException or NullReferenceException or InvalidCastException or FormatException)
        {
            throw Bad(
                ClusterErrorKind.BadKubeconfig,
                $"cannot read the kubeconfig {file}: {ApiErrors.FirstLine(e.Message)}; fix the file or pass another with --kubeconfig");
        }

        // An empty file is an empty kubeconfig, for kubectl too; an empty list item is nothing.
        config ??= new K8SConfiguration();
        config.Clusters = (config.Clusters ?? []).Where(c => c?.Name is not null).ToList();
        config.Users = (config.Users ?? []).Where(u => u?.Name is not null).ToList();
        config.Contexts = (config.Contexts ?? []).Where(c => c?.Name is not null).ToList();

        // A file's relative paths are relative to its own folder, whichever file the merge takes them from.
        var folder = Path.GetDirectoryName(Path.GetFullPath(file))!;
        string? Absolute(string? path) => string.IsNullOrEmpty(path) || Path.IsPathRooted(path) ? path : Path.Combine(folder, path);
        foreach (var endpoint in config.Clusters.Select(c => c.ClusterEndpoint).OfType<ClusterEndpoint>())
        {
            endpoint.CertificateAuthority = Absolute(endpoint.CertificateAuthority);
        }

        foreach (var credentials in config.Users.Select(u => u.UserCredentials).OfType<UserCredentials>())
        {
            credentials.ClientCertificate = Absolute(credentials.ClientCertificate);
            credentials.ClientKey = Absolute(credentials.ClientKey);
        }

        return config;
    }

    /// <summary>
    /// kubectl's merge of several kubeconfig files: the first file to name a cluster, user, context
    /// or current context wins.
    /// </summary>
    private static K8SConfiguration Merge(List<K8SConfiguration> configs) => new()
    {
        ApiVersion = configs[0].ApiVersion,
        Kind = configs[0].Kind,
        CurrentContext = configs.Select(c => c.CurrentContext).FirstOrDefault(c => !string.IsNullOrEmpty(c)),
        Clusters = configs.SelectMany(c => c.Clusters).DistinctBy(c => c.Name, StringComparer.Ordinal).ToList(),
        Users = configs.SelectMany(c => c.Users).DistinctBy(u => u.Name, StringComparer.Ordinal).ToList(),
        Contexts = configs.SelectMany(c => c.Contexts).DistinctBy(c => c.Name, StringComparer.Ordinal).ToList(),
    };

    /// <summary>What the server's certificate is checked against: null for plain http, insecure-skip-tls-verify or no CA named.</summary>
    private static X509Certificate2Collection? Authorities(KubeconfigCluster cluster, Uri server, string context)
    {
        var endpoint = cluster.ClusterEndpoint;
        if (server.Scheme != Uri.UriSchemeHttps || endpoint.SkipTlsVerify)
        {
            return null;
        }

        if (!string.IsNullOrEmpty(endpoint.CertificateAuthorityData))
        {
            var origin = $"the certificate-authority-data of cluster \"{cluster.Name}\" (context \"{context}\")";
            try
            {
                return Certificates(Convert.FromBase64String(endpoint.CertificateAuthorityData), origin);
            }
            catch (FormatException)
            {
                throw Bad(
                    ClusterErrorKind.BadKubeconfig,
                    $"{origin} is not base64; put the CA certificate there base64-encoded, or use certificate-authority");
            }
        }

        if (string.IsNullOrEmpty(endpoint.CertificateAuthority))
        {
            return null;
        }

        var path = endpoint.CertificateAuthority;
        byte[] content;
        try
        {
            content = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw Bad(
                ClusterErrorKind.BadKubeconfig,
                $"the certificate-authority file {path} of context \"{context}\" does not exist; fix the path in the kubeconfig");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Bad(
                ClusterErrorKind.BadKubeconfig,
                $"cannot read the certificate-authority file {path} of context \"{context}\": {ApiErrors.FirstLine(e.Message)}; "
                + "fix its permissions or the path");
        }

        return Certificates(content, $"the certificate-authority file {path} of context \"{context}\"");
    }

    private static bool NeedsMachineRoots(KubeconfigCluster cluster) =>
        Uri.TryCreate(cluster.ClusterEndpoint?.Server, UriKind.Absolute, out var uri)
        && uri.Scheme == Uri.UriSchemeHttps
        && !cluster.ClusterEndpoint.SkipTlsVerify
        && string.IsNullOrEmpty(cluster.ClusterEndpoint.CertificateAuthorityData)
        && string.IsNullOrEmpty(cluster.ClusterEndpoint.CertificateAuthority);

    private static ClusterException Bad(ClusterErrorKind kind, string message) => new(new ClusterError(kind, message));

    private static string Names(List<Context> contexts) =>
        contexts.Count == 0 ? "none" : string.Join(", ", contexts.Select(c => c.Name));
}
