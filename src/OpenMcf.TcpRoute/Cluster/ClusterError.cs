namespace OpenMcf.TcpRoute.Cluster;

public enum ClusterErrorKind
{
    BadKubeconfig,
    UnknownContext,
    Unreachable,
    Tls,
    Timeout,
    Unauthorized,
    Forbidden,
    NamespaceNotFound,
    CrdMissing,
    VersionUnsupported,
    Conflict,
    Rejected,

    /// <summary>The --applyset parent is not this set's, or is another tool's: never taken over.</summary>
    SetRefused,

    /// <summary>Another run holds the set (its lease is live), or took it while this run held it.</summary>
    SetBusy,

    /// <summary>The object changed between the read a decision rested on and the request (a conditional delete refused).</summary>
    Changed,
    Interrupted,
    Other,
}

/// <summary>One field the API server named when it rejected or conflicted on an object.</summary>
/// <param name="Field">The field in the TCPRoute, as the server wrote it (".spec.rules" or "spec.rules[0].backendRefs[0].port").</param>
public sealed record FieldCause(string Field, string Message);

/// <summary>
/// A cluster problem as one sentence that says what to do, never an exception's text dump.
/// <see cref="Causes"/> carries the fields the server named, so callers can point at the manifest.
/// </summary>
public sealed record ClusterError(ClusterErrorKind Kind, string Message)
{
    public IReadOnlyList<FieldCause> Causes { get; init; } = [];
}

/// <summary>
/// Carries a <see cref="ClusterError"/> out of deep call chains; caught and turned into a result at the applier's boundary.
/// </summary>
public sealed class ClusterException : Exception
{
    public ClusterException(ClusterError error)
        : base(error?.Message)
    {
        Error = error!;
    }

    public ClusterException()
        : this(new ClusterError(ClusterErrorKind.Other, "cluster error"))
    {
    }

    public ClusterException(string message)
        : this(new ClusterError(ClusterErrorKind.Other, message))
    {
    }

    public ClusterException(string message, Exception innerException)
        : base(message, innerException)
    {
        Error = new ClusterError(ClusterErrorKind.Other, message);
    }

    public ClusterError Error { get; }
}
