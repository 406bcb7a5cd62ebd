namespace OpenMcf.TcpRoute.Cluster;

/// <summary>How to reach the cluster, as kubectl's flags say it.</summary>
/// <param name="Kubeconfig">
/// --kubeconfig; when null, KUBECONFIG (several files, merged), then ~/.kube/config, then the
/// in-cluster service account (see <see cref="KubeconfigSources"/>).
/// </param>
/// <param name="Context">
/// The context of the cluster being driven (one of a fleet's, see <see cref="RoutePlacement"/>); null: the current one.
/// Wins over the manifest's kubernetes.openmcf.org/context label (see <see cref="Cluster.Kubeconfig.ContextFor"/>).
/// </param>
/// <param name="Trace">--verbose: where to write the connection used and each request; null for silence.</param>
/// <remarks>
/// Whether the machine's trusted roots may stay unloaded is the process's choice, made once by its
/// entry point (<see cref="MachineRootStore.AllowSkipping"/>), not a setting of a connection.
/// </remarks>
public sealed record ConnectionSettings(
    string? Kubeconfig,
    string? Context,
    TimeSpan RequestTimeout,
    TextWriter? Trace = null)
{
    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(30);
}
