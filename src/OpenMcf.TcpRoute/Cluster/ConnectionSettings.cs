namespace OpenMcf.TcpRoute.Cluster;

/// <summary>How to reach the cluster, as kubectl's flags say it.</summary>
/// <param name="Kubeconfig">--kubeconfig; when null, KUBECONFIG (several files, merged), then ~/.kube/config, then the in-cluster service account.</param>
/// <param name="Context">--context; wins over the manifest's kubernetes.openmcf.org/context label.</param>
/// <param name="Trace">--verbose: where to write the connection used and each request; null for silence.</param>
/// <param name="OnlyPeer">
/// The cluster is the only TLS peer of this process (the CLI). Then, when the kubeconfig brings the
/// cluster's certificate authority, the machine's trusted roots are never loaded, which saves the
/// largest part of a one-route apply. Not for a process that talks to other TLS servers.
/// </param>
public sealed record ConnectionSettings(string? Kubeconfig, string? Context, TimeSpan RequestTimeout, TextWriter? Trace = null, bool OnlyPeer = false)
{
    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(30);
}
