using k8s;
using k8s.Authentication;
using k8s.Exceptions;

namespace OpenMcf.TcpRoute.Cluster;

/// <summary>An open client for one kube context, with what messages need to name: context, server, user.</summary>
public sealed class ClusterConnection : IDisposable
{
    static ClusterConnection()
    {
        KubernetesJson.AddJsonOptions(options => options.TypeInfoResolverChain.Add(OpenMcfJsonContext.Default));
    }

    private readonly ServerCertificateCheck? _certificateCheck;

    private ClusterConnection(KubernetesClientConfiguration config, Kubeconfig kubeconfig, ConnectionSettings settings)
    {
        if (new Uri(config.Host).Scheme == Uri.UriSchemeHttps && !config.SkipTlsVerify)
        {
            _certificateCheck = new ServerCertificateCheck(config.SslCaCerts);

            // No connection of this kubeconfig consults the machine's roots; whether the process may
            // leave them unloaded is its entry point's choice (MachineRootStore.AllowSkipping). The
            // AOT client has no in-process auth providers (OIDC and the like) that would fetch tokens
            // from servers the machine trusts; exec plugins run as child processes.
            if (config.SslCaCerts is { Count: > 0 } && !kubeconfig.NeedsMachineRoots)
            {
                MachineRootStore.SkipLoadingIfAllowed();
            }
        }

        Client = new Kubernetes(config, Handlers(settings, Requests, _certificateCheck));
        Context = kubeconfig.Context;
        Server = config.Host;
        User = kubeconfig.User;
        RequestTimeout = config.HttpClientTimeout;
    }

    public IKubernetes Client { get; }

    public string Context { get; }

    public string Server { get; }

    public string User { get; }

    public TimeSpan RequestTimeout { get; }

    /// <summary>Every request this connection made, by method and path.</summary>
    public RequestCounter Requests { get; } = new();

    /// <summary>Why the server's certificate was refused, when it was.</summary>
    internal string? CertificateRefusal => _certificateCheck?.Refusal;

    /// <summary>
    /// Loads the kubeconfig the way kubectl does and opens a client for <paramref name="context"/>
    /// (null: the current context).
    /// </summary>
    public static ClusterConnection Open(ConnectionSettings settings, string? context)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var loaded = Kubeconfig.Load(KubeconfigSources.FromEnvironment(settings.Kubeconfig), context);
        return loaded.Error is { } error ? throw new ClusterException(error) : FromKubeconfig(loaded.Kubeconfig!, settings);
    }

    /// <summary>Opens a client for a kubeconfig already loaded. Building it runs the user's exec plugin, if it has one.</summary>
    public static ClusterConnection FromKubeconfig(Kubeconfig kubeconfig, ConnectionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(kubeconfig);

        // Before the client is built: building it runs an exec plugin, which may fail.
        settings.Trace?.WriteLine($"verbose: {kubeconfig.Description}");
        try
        {
            var config = kubeconfig.ServiceAccount is { } folder
                ? new KubernetesClientConfiguration
                {
                    Host = kubeconfig.Server,
                    Namespace = kubeconfig.Namespace,

                    // Read again before each minute is out: the kubelet renews a projected token in place.
                    TokenProvider = new TokenFileAuth(Path.Combine(folder, "token")),
                }
                : KubernetesClientConfiguration.BuildConfigFromConfigObject(kubeconfig.ForClient(), kubeconfig.Context);
            config.HttpClientTimeout = settings.RequestTimeout;
            config.SslCaCerts = kubeconfig.Authorities;
            return new ClusterConnection(config, kubeconfig, settings);
        }
        catch (Exception e) when (e is KubeConfigException or IOException or UnauthorizedAccessException or ArgumentException
            or FormatException or System.Security.Cryptography.CryptographicException)
        {
            // Building the client runs the exec plugin; the plugin's own messages went to stderr already.
            var (name, user) = (kubeconfig.Context, kubeconfig.User);
            throw new ClusterException(new ClusterError(
                ClusterErrorKind.BadKubeconfig,
                kubeconfig.ExecPlugin is { } exec && e is KubeConfigException
                    ? $"the exec credential plugin {exec} of user \"{user}\" (context \"{name}\") gave no credentials: "
                        + $"{ApiErrors.Condensed(e.Message)}; run it yourself to see why"
                    : $"context \"{name}\" in the kubeconfig cannot be used: {ApiErrors.Condensed(e.Message)}"));
        }
    }

    public void Dispose() => Client.Dispose();

    /// <summary>
    /// A GET through the client's own HTTP stack (TLS, credentials, exec plugins), for reads the
    /// typed API does not cover well: raw JSON lookups and watch streams.
    /// </summary>
    /// <param name="multiplexed">
    /// Over HTTP/2, as the typed client sends its requests: a short read then shares their one connection. Sent as
    /// HTTP/1.1, the first lookup opened a second connection (a TLS handshake: 5 ms of a 39 ms apply here), and lookups
    /// made at once would each open another. Watches stay on HTTP/1.1, one connection each: the client opens a single
    /// HTTP/2 connection, on which the server caps the streams, so that many long watches could hold back every other request.
    /// </param>
    public async Task<HttpResponseMessage> GetAsync(
        string path, HttpCompletionOption completion, CancellationToken cancellationToken, bool multiplexed = false)
    {
        var client = (Kubernetes)Client;
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(client.BaseUri, path.TrimStart('/')));
        if (multiplexed)
        {
            // RequestVersionOrLower (the default policy): HTTP/1.1 still where the server does not offer HTTP/2.
            request.Version = System.Net.HttpVersion.Version20;
        }

        if (client.Credentials is not null)
        {
            await client.Credentials.ProcessHttpRequestAsync(request, cancellationToken).ConfigureAwait(false);
        }

        return await client.HttpClient.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
    }

    // The counter outermost, so that a retried request counts once; retries next, so that the trace
    // shows every attempt; the certificate check innermost, on the socket handler it configures.
    private static DelegatingHandler[] Handlers(ConnectionSettings settings, RequestCounter counter, ServerCertificateCheck? check)
    {
        List<DelegatingHandler> handlers = [counter, new RetryHandler()];
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
}
