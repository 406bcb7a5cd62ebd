namespace OpenMcf.TcpRoute.Cluster;

public enum DestroyAction
{
    Deleted,

    /// <summary>Nothing to delete: the route, its namespace or TCPRoute itself is not there.</summary>
    Absent,
}

/// <summary>A route deleted, or found already gone.</summary>
public sealed record Destroyed(DestroyAction Action);
