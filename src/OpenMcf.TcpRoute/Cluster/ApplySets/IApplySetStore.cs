namespace OpenMcf.TcpRoute.Cluster;

/// <summary>
/// The calls a set needs, behind the same seam as the rest of a cluster: the parent read, written
/// and deleted, and the members listed by label and deleted on conditions.
/// </summary>
public interface IApplySetStore
{
    /// <summary>The parent, or <see cref="SetParent.Absent"/>.</summary>
    Task<ClusterAnswer<SetParent>> ReadParentAsync(ApplySet applySet, CancellationToken cancellationToken);

    /// <summary>
    /// A conflict (somebody wrote the parent since it was read) is an error of kind
    /// <see cref="ClusterErrorKind.SetBusy"/>.
    /// </summary>
    Task<ClusterAnswer<SetParent>> WriteParentAsync(ApplySet applySet, SetParentUpdate update, CancellationToken cancellationToken);

    Task<ClusterAnswer<Destroyed>> DeleteParentAsync(ApplySet applySet, string resourceVersion, CancellationToken cancellationToken);

    /// <summary>The TCPRoutes of <paramref name="ns"/> labelled part of the set <paramref name="setId"/>.</summary>
    Task<ClusterAnswer<IReadOnlyList<SetMember>>> ListMembersAsync(
        string version, string ns, string setId, CancellationToken cancellationToken);

    /// <summary>Deletes the member if it is still the object listed, unchanged.</summary>
    Task<ClusterAnswer<Destroyed>> DeleteMemberAsync(string version, SetMember member, bool dryRun, CancellationToken cancellationToken);
}
