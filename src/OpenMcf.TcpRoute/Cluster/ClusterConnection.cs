using k8s;
using k8s.Exceptions;
using k8s.KubeConfigModels;

namespace OpenMcf.TcpRoute.Cluster;

/// <summary>An open client for one kube context, with what messages need to name: context, server, user.</summary>
public sealed class ClusterConnection : IDisposable
{
    static ClusterConnection()
    {
        KubernetesJson.AddJsonOptions(options => options.TypeInfoResolverChain.Add(OpenMcfJsonContext.Default));
    }

    private readonly ServerCertificateCheck? _certificateCheck;

    private ClusterConnection(KubernetesClientConfiguration config, ConnectionSettings settings, string context, string user)
    {
        if (new Uri(config.Host).Scheme == Uri.UriSchemeHttps && !config.SkipTlsVerify)
        {
            _certificateCheck = new ServerCertificateCheck(config.SslCaCerts);

            // The AOT client has no in-process auth providers (OIDC and the like) that would fetch
            // tokens from servers the machine trusts; exec plugins run as child processes.
            if (settings.OnlyPeer && config.SslCaCerts is { Count: > 0 })
            {
                MachineRootStore.SkipLoading();
            }
        }

        Client = new Kubernetes(config, Handlers(settings, _certificateCheck));
        Context = context;
        Server = config.Host;
        User = user;
        RequestTimeout = config.HttpClientTimeout;
    }

    public IKubernetes Client { get; }

    public string Context { get; }

    public string Server { get; }

    public string User { get; }

    public TimeSpan RequestTimeout { get; }

    /// <summary>Why the server's certificate was refused, when it was.</summary>
    internal string? CertificateRefusal => _certificateCheck?.Refusal;

    /// <summary>Loads the kubeconfig the way kubectl does and opens a client for <paramref name="context"/> (null: the current context).</summary>
    public static ClusterConnection Open(ConnectionSettings settings, string? context)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var files = KubeconfigFiles(settings.Kubeconfig);
        if (files.Count == 0)
        {
            if (!KubernetesClientConfiguration.IsInCluster())
            {
                throw new ClusterException(new ClusterError(
                    ClusterErrorKind.BadKubeconfig,
                    "no kubeconfig found (looked at --kubeconfig, KUBECONFIG and ~/.kube/config) and not running inside a cluster; pass --kubeconfig or set KUBECONFIG"));
            }

            if (context is not null)
            {
                throw new ClusterException(new ClusterError(ClusterErrorKind.UnknownContext, $"context \"{context}\" was asked for, but there is no kubeconfig (running with the in-cluster service account); pass --kubeconfig"));
            }

            var inCluster = KubernetesClientConfiguration.InClusterConfig();
            inCluster.HttpClientTimeout = settings.RequestTimeout;
            settings.Trace?.WriteLine($"verbose: in-cluster service account, server {inCluster.Host}");
            return new ClusterConnection(inCluster, settings, "in-cluster", "service account");
        }

        K8SConfiguration kubeconfig;
        try
        {
            kubeconfig = Merge(files.Select(f => KubernetesClientConfiguration.LoadKubeConfig(new FileInfo(f), useRelativePaths: true)).ToList());
        }
        catch (Exception e) when (e is KubeConfigException or IOException or UnauthorizedAccessException or YamlDotNet.Core.YamlException or ArgumentException or NullReferenceException)
        {
            throw new ClusterException(new ClusterError(ClusterErrorKind.BadKubeconfig, $"cannot read the kubeconfig {string.Join(", ", files)}: {ApiErrors.FirstLine(e.Message)}; fix the file or pass another with --kubeconfig"));
        }

        var name = context ?? kubeconfig.CurrentContext;
        var contexts = kubeconfig.Contexts?.ToList() ?? [];
        if (string.IsNullOrEmpty(name))
        {
            throw new ClusterException(new ClusterError(ClusterErrorKind.UnknownContext, $"the kubeconfig has no current context; pass --context (available: {Names(contexts)})"));
        }

        var selected = contexts.FirstOrDefault(c => c.Name == name);
        if (selected is null)
        {
            throw new ClusterException(new ClusterError(ClusterErrorKind.UnknownContext, $"context \"{name}\" is not in the kubeconfig {string.Join(", ", files)}; available: {Names(contexts)}"));
        }

        var user = selected.ContextDetails?.User ?? "unknown";
        if (settings.Trace is { } trace)
        {
            // Before the client is built: building it runs an exec plugin, which may fail.
            var server = kubeconfig.Clusters?.FirstOrDefault(c => c.Name == selected.ContextDetails?.Cluster)?.ClusterEndpoint?.Server;
            trace.WriteLine($"verbose: context \"{name}\" from {string.Join(", ", files)}: server {server}, user \"{user}\" with {CredentialKind(kubeconfig, user)}");
        }

        try
        {
            var config = KubernetesClientConfiguration.BuildConfigFromConfigObject(kubeconfig, name);
            config.HttpClientTimeout = settings.RequestTimeout;
            if (CertificateAuthorities(kubeconfig, selected, files) is { Count: > 0 } authorities)
            {
                config.SslCaCerts = authorities;
            }

            return new ClusterConnection(config, settings, name, user);
        }
        catch (Exception e) when (e is KubeConfigException or IOException or UnauthorizedAccessException or ArgumentException or FormatException or System.Security.Cryptography.CryptographicException)
        {
            // Building the client runs the exec plugin; the plugin's own messages went to stderr already.
            var exec = kubeconfig.Users?.FirstOrDefault(u => u.Name == user)?.UserCredentials?.ExternalExecution?.Command;
            throw new ClusterException(new ClusterError(
                ClusterErrorKind.BadKubeconfig,
                exec is not null && e is KubeConfigException
                    ? $"the exec credential plugin {exec} of user \"{user}\" (context \"{name}\") gave no credentials: {ApiErrors.Condensed(e.Message)}; run it yourself to see why"
                    : $"context \"{name}\" in the kubeconfig cannot be used: {ApiErrors.Condensed(e.Message)}"));
        }
    }

    public void Dispose() => Client.Dispose();

    // Retries outermost, so that the trace shows every attempt; the certificate check innermost,
    // on the socket handler it configures.
    private static DelegatingHandler[] Handlers(ConnectionSettings settings, ServerCertificateCheck? check)
    {
        List<DelegatingHandler> handlers = [new RetryHandler()];
        if (settings.Trace is { } trace)
        {
            handlers.Add(new RequestTrace(trace));
        }

        if (check is not null)
        {
            handlers.Add(check);
        }

        return [.. handlers];
    }

    /// <summary>Which kind of credentials a kubeconfig user has, for --verbose: never the credentials themselves.</summary>
    private static string CredentialKind(K8SConfiguration kubeconfig, string user)
    {
        var credentials = kubeconfig.Users?.FirstOrDefault(u => u.Name == user)?.UserCredentials;
        return credentials switch
        {
            null => "no credentials",
            { ExternalExecution.Command: { } command } => $"credentials from the exec plugin {command}",
            { Token: { Length: > 0 } } => "a bearer token",
            { ClientCertificateData: { Length: > 0 } } or { ClientCertificate: { Length: > 0 } } => "a client certificate",
            { UserName: { Length: > 0 } } => "a username and password",
            { AuthProvider: { } provider } => $"the auth provider {provider.Name}",
            _ => "no credentials",
        };
    }

    /// <summary>
    /// A GET through the client's own HTTP stack (TLS, credentials, exec plugins), for reads the
    /// typed API does not cover well: raw JSON lookups and watch streams.
    /// </summary>
    public async Task<HttpResponseMessage> GetAsync(string path, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        var client = (Kubernetes)Client;
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(client.BaseUri, path.TrimStart('/')));
        if (client.Credentials is not null)
        {
            await client.Credentials.ProcessHttpRequestAsync(request, cancellationToken).ConfigureAwait(false);
        }

        return await client.HttpClient.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>--kubeconfig, else every existing file of KUBECONFIG (merged, first wins), else ~/.kube/config.</summary>
    internal static List<string> KubeconfigFiles(string? explicitPath)
    {
        if (explicitPath is not null)
        {
            if (!File.Exists(explicitPath))
            {
                throw new ClusterException(new ClusterError(ClusterErrorKind.BadKubeconfig, $"the kubeconfig {explicitPath} (from --kubeconfig) does not exist"));
            }

            return [explicitPath];
        }

        var env = Environment.GetEnvironmentVariable("KUBECONFIG");
        if (!string.IsNullOrEmpty(env))
        {
            var found = env.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Where(File.Exists).Distinct().ToList();
            if (found.Count > 0)
            {
                return found;
            }
        }

        var home = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config");
        return File.Exists(home) ? [home] : [];
    }

    /// <summary>
    /// Every certificate of the cluster's certificate-authority bundle. The AOT client keeps only
    /// the first certificate of a bundle, and servers such as kube-apiserver with a generated
    /// certificate serve a chain whose CA is the second one.
    /// </summary>
    private static System.Security.Cryptography.X509Certificates.X509Certificate2Collection? CertificateAuthorities(K8SConfiguration kubeconfig, Context context, List<string> files)
    {
        var endpoint = kubeconfig.Clusters?.FirstOrDefault(c => c.Name == context.ContextDetails?.Cluster)?.ClusterEndpoint;
        string? pem = null;
        if (!string.IsNullOrEmpty(endpoint?.CertificateAuthorityData))
        {
            pem = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(endpoint.CertificateAuthorityData));
        }
        else if (!string.IsNullOrEmpty(endpoint?.CertificateAuthority))
        {
            var path = endpoint.CertificateAuthority;
            var candidates = Path.IsPathRooted(path) ? [path] : files.Select(f => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(f))!, path)).Append(path);
            var found = candidates.FirstOrDefault(File.Exists)
                ?? throw new ClusterException(new ClusterError(ClusterErrorKind.BadKubeconfig, $"the certificate-authority file {path} of context \"{context.Name}\" does not exist"));
            pem = File.ReadAllText(found);
        }

        if (pem is null)
        {
            return null;
        }

        var certificates = new System.Security.Cryptography.X509Certificates.X509Certificate2Collection();
        certificates.ImportFromPem(pem);
        return certificates;
    }

    /// <summary>kubectl's merge of several kubeconfig files: the first file to name a cluster, user, context or current context wins.</summary>
    private static K8SConfiguration Merge(List<K8SConfiguration> configs)
    {
        if (configs.Count == 1)
        {
            return configs[0];
        }

        return new K8SConfiguration
        {
            ApiVersion = configs[0].ApiVersion,
            Kind = configs[0].Kind,
            CurrentContext = configs.Select(c => c.CurrentContext).FirstOrDefault(c => !string.IsNullOrEmpty(c)),
            Clusters = configs.SelectMany(c => c.Clusters ?? []).DistinctBy(c => c.Name).ToList(),
            Users = configs.SelectMany(c => c.Users ?? []).DistinctBy(u => u.Name).ToList(),
            Contexts = configs.SelectMany(c => c.Contexts ?? []).DistinctBy(c => c.Name).ToList(),
        };
    }

    private static string Names(List<Context> contexts) => contexts.Count == 0 ? "none" : string.Join(", ", contexts.Select(c => c.Name));
}
