using System.Security.Cryptography.X509Certificates;
using k8s.KubeConfigModels;
using KubeconfigCluster = k8s.KubeConfigModels.Cluster;

namespace OpenMcf.TcpRoute.Cluster;

/// <summary>
/// Where to look for the cluster, in kubectl's order: --kubeconfig, the files of KUBECONFIG,
/// ~/.kube/config, then the service account of the pod openmcf runs in. <see cref="FromEnvironment"/>
/// reads them as the process sees them; tests pass their own, so nothing process-wide changes.
/// </summary>
/// <param name="Explicit">--kubeconfig: when given, the only file read.</param>
/// <param name="KubeconfigVariable">KUBECONFIG: files separated by the path separator, merged, the first to name a thing wins.</param>
/// <param name="Home">The home folder, whose .kube/config is read when neither of the above names a file.</param>
/// <param name="ServiceAccount">The folder where the pod's service account is mounted: token, ca.crt and namespace.</param>
/// <param name="ServiceHost">KUBERNETES_SERVICE_HOST, which Kubernetes sets in every pod.</param>
/// <param name="ServicePort">KUBERNETES_SERVICE_PORT.</param>
public sealed record KubeconfigSources(
    string? Explicit,
    string? KubeconfigVariable,
    string? Home,
    string ServiceAccount,
    string? ServiceHost,
    string? ServicePort)
{
    public const string DefaultServiceAccount = "/var/run/secrets/kubernetes.io/serviceaccount";

    /// <summary>
    /// Names another service-account folder: a test hook. In a pod the folder is always at the
    /// default path, which a test can neither write to nor share with other tests; with this
    /// variable the real program, in a child process, reads a folder the test wrote, and
    /// everything else it sees (the host and port variables) is what a pod sees. A variable
    /// rather than a flag, because a flag would show in every command's help.
    /// </summary>
    public const string ServiceAccountVariable = "OPENMCF_SERVICE_ACCOUNT_DIR";

    public static KubeconfigSources FromEnvironment(string? explicitPath) => new(
        explicitPath,
        Environment.GetEnvironmentVariable("KUBECONFIG"),
        Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
        Environment.GetEnvironmentVariable(ServiceAccountVariable) is { Length: > 0 } folder ? folder : DefaultServiceAccount,
        Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST"),
        Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_PORT"));
}

/// <summary>A loaded <see cref="Kubeconfig"/>, or why none could be: one sentence that says what to do.</summary>
public sealed record KubeconfigResult(Kubeconfig? Kubeconfig, ClusterError? Error);

/// <summary>
/// Which server to talk to and as whom, read from the kubeconfig files (or the pod's service
/// account) the way kubectl reads them, before any client exists: what messages name (context,
/// user, server) and what the server's certificate is checked against. No credential is kept
/// here but inside <see cref="Merged"/>; the service account's token is read again by the client.
/// </summary>
public sealed class Kubeconfig
{
    /// <summary>The context name messages give a connection through the pod's service account.</summary>
    public const string InClusterContext = "in-cluster";

    internal Kubeconfig(string context, string user, string server)
    {
        Context = context;
        User = user;
        Server = server;
    }

    /// <summary>The files read, in merge order; empty for the service account.</summary>
    public IReadOnlyList<string> Files { get; init; } = [];

    /// <summary>
    /// The files merged (the first to name a cluster, user or context wins), with file paths made
    /// absolute; null for the service account.
    /// </summary>
    public K8SConfiguration? Merged { get; init; }

    public string Context { get; }

    public string User { get; }

    public string Server { get; }

    /// <summary>
    /// Every certificate of the cluster's certificate-authority bundle; null: the machine's trusted
    /// roots decide, or (insecure-skip-tls-verify, plain http) nothing is checked.
    /// </summary>
    public X509Certificate2Collection? Authorities { get; init; }

    /// <summary>The service-account folder when the pod's service account is used; null with a kubeconfig.</summary>
    public string? ServiceAccount { get; init; }

    /// <summary>The namespace the context or the service account names, if any.</summary>
    public string? Namespace { get; init; }

    /// <summary>
    /// Whether some server of this kubeconfig, in use or not, would be checked against the
    /// machine's trusted roots (https, no certificate authority of its own, verification on).
    /// While none is, no connection this kubeconfig opens needs those roots.
    /// </summary>
    public bool NeedsMachineRoots { get; init; }

    /// <summary>For --verbose: the context, server, user and kind of credentials, never the credentials.</summary>
    public string Description => ServiceAccount is not null
        ? $"in-cluster service account from {ServiceAccount}, server {Server}"
        : $"context \"{Context}\" from {string.Join(", ", Files)}: server {Server}, user \"{User}\" with {CredentialKind()}";

    /// <summary>
    /// The context a route goes to: the context of the run's cluster (one of those the flags select, placed by
    /// <see cref="RoutePlacement"/>) wins over the manifest's kubernetes.openmcf.org/context label; null (neither, or
    /// empty): the kubeconfig's current context.
    /// </summary>
    public static string? ContextFor(string? flag, string? manifestLabel) =>
        !string.IsNullOrEmpty(flag) ? flag : !string.IsNullOrEmpty(manifestLabel) ? manifestLabel : null;

    /// <summary>
    /// The names of the kubeconfig's contexts (its files merged), for --all-contexts and --context-pattern; empty in a pod
    /// without a kubeconfig. Null, with the error, when a file cannot be read.
    /// </summary>
    public static IReadOnlyList<string>? ContextNames(KubeconfigSources sources, out ClusterError? error)
    {
        ArgumentNullException.ThrowIfNull(sources);
        error = null;
        try
        {
            return KubeconfigReader.ContextNames(KubeconfigReader.Find(sources));
        }
        catch (ClusterException e)
        {
            error = e.Error;
            return null;
        }
    }

    /// <summary>Loads the kubeconfig and selects <paramref name="context"/> (null: the current context), opening nothing.</summary>
    public static KubeconfigResult Load(KubeconfigSources sources, string? context)
    {
        ArgumentNullException.ThrowIfNull(sources);
        try
        {
            var files = KubeconfigReader.Find(sources);
            var kubeconfig = files.Count > 0
                ? KubeconfigReader.FromFiles(files, context)
                : KubeconfigReader.FromServiceAccount(sources, context);
            return new KubeconfigResult(kubeconfig, null);
        }
        catch (ClusterException e)
        {
            return new KubeconfigResult(null, e.Error);
        }
    }

    /// <summary>The selected context with its cluster and user alone, for the client, which reads what it is given.</summary>
    internal K8SConfiguration ForClient()
    {
        var merged = Merged ?? throw new InvalidOperationException("the service account has no kubeconfig");
        var context = merged.Contexts.First(c => c?.Name == Context);
        var cluster = merged.Clusters.First(c => c?.Name == context.ContextDetails.Cluster);
        return new K8SConfiguration
        {
            ApiVersion = merged.ApiVersion,
            Kind = merged.Kind,
            CurrentContext = Context,
            Contexts = [context],
            Clusters =
            [
                // Without its certificate authority: Authorities holds the whole bundle, already read
                // (the client would read the file again and keep only the first certificate).
                new KubeconfigCluster
                {
                    Name = cluster.Name,
                    ClusterEndpoint = new ClusterEndpoint
                    {
                        Server = cluster.ClusterEndpoint.Server,
                        SkipTlsVerify = cluster.ClusterEndpoint.SkipTlsVerify,
                        TlsServerName = cluster.ClusterEndpoint.TlsServerName,
                    },
                },
            ],
            Users = (merged.Users ?? []).Where(u => u?.Name == context.ContextDetails.User).Take(1).ToList(),
        };
    }

    /// <summary>The exec plugin that gives the user its credentials, if one does.</summary>
    internal string? ExecPlugin => UserCredentials()?.ExternalExecution?.Command;

    private UserCredentials? UserCredentials() => Merged?.Users?.FirstOrDefault(u => u?.Name == User)?.UserCredentials;

    private string CredentialKind() => UserCredentials() switch
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
