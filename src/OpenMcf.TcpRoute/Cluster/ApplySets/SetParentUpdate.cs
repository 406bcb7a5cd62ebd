namespace OpenMcf.TcpRoute.Cluster;

/// <summary>What a run writes on a set's parent.</summary>
/// <param name="Namespaces">Every namespace members may be in; the parent's own is not repeated in the annotation.</param>
/// <param name="Lease">The run's lease; an expired one releases the set.</param>
/// <param name="ResourceVersion">
/// The parent as last read or written: the write fails with a conflict if anybody wrote in between; null: create it,
/// failing if it exists.
/// </param>
public sealed record SetParentUpdate(IReadOnlyCollection<string> Namespaces, SetLease Lease, string? ResourceVersion);
