namespace OpenMcf.TcpRoute.Cluster;

public enum ApplyAction
{
    Created,
    Configured,
    Unchanged,
}

/// <summary>A route server-side applied: what the apply did, and the managed fields it changed.</summary>
public sealed record Applied(ApplyAction Action, IReadOnlyList<FieldChange> Changes);
