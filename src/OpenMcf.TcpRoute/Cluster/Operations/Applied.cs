namespace OpenMcf.TcpRoute.Cluster;

public enum ApplyAction
{
    Created,
    Configured,
    Unchanged,

    /// <summary>A member of the set that no manifest declares any more, deleted (apply --prune).</summary>
    Pruned,
}

/// <summary>A route server-side applied: what the apply did, and the managed fields it changed.</summary>
public sealed record Applied(ApplyAction Action, IReadOnlyList<FieldChange> Changes);
