using OpenMcf.TcpRoute.Mapping;

namespace OpenMcf.TcpRoute.Cluster;

/// <summary>
/// What one operation did to one route: <see cref="Value"/>, that operation's own success, or
/// <see cref="Error"/>, why it failed. Never both, never neither.
/// </summary>
/// <typeparam name="T">The operation's success: <see cref="Applied"/>, <see cref="Planned"/>, <see cref="Destroyed"/>.</typeparam>
public sealed record RouteResult<T>
    where T : class
{
    internal RouteResult(RouteKey route, RouteRequest? request, T? value, ClusterError? error)
    {
        Route = route;
        Request = request;
        Value = value;
        Error = error;
    }

    /// <summary>The TCPRoute's namespace and name.</summary>
    public RouteKey Route { get; }

    /// <summary>The manifest that declares the route; null for a route found in the cluster, such as a set member pruned.</summary>
    public RouteRequest? Request { get; }

    public T? Value { get; }

    public ClusterError? Error { get; }

    /// <summary>group/version the route was handled as; null when no version was chosen.</summary>
    public string? ApiVersion { get; init; }

    /// <summary>What the API server warned of (Warning headers), such as a deprecated version.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>A choice made on the user's behalf, such as the API version.</summary>
    public string? Note { get; init; }

    public bool Failed => Error is not null;
}

/// <summary>Makes <see cref="RouteResult{T}"/>s: a success or a failure, nothing in between.</summary>
public static class RouteResult
{
    public static RouteResult<T> Success<T>(RouteRequest request, T value)
        where T : class => new(Require(request).Key, request, value ?? throw new ArgumentNullException(nameof(value)), null);

    public static RouteResult<T> Failure<T>(RouteRequest request, ClusterError error)
        where T : class => new(Require(request).Key, request, null, error ?? throw new ArgumentNullException(nameof(error)));

    /// <summary>A route no manifest declares (a set member), done.</summary>
    public static RouteResult<T> Success<T>(RouteKey route, T value)
        where T : class => new(route, null, value ?? throw new ArgumentNullException(nameof(value)), null);

    /// <summary>A route no manifest declares (a set member), failed.</summary>
    public static RouteResult<T> Failure<T>(RouteKey route, ClusterError error)
        where T : class => new(route, null, null, error ?? throw new ArgumentNullException(nameof(error)));

    private static RouteRequest Require(RouteRequest request) => request ?? throw new ArgumentNullException(nameof(request));
}

/// <summary>One answer of the cluster: a value, or the error, with the server's warnings either way.</summary>
public sealed record ClusterAnswer<T>(T? Value, ClusterError? Error, IReadOnlyList<string> Warnings)
    where T : class
{
    /// <summary>The answer as the route's result, the success turned into the operation's own by <paramref name="map"/>.</summary>
    public RouteResult<TResult> For<TResult>(RouteRequest request, Func<T, TResult> map)
        where TResult : class
    {
        ArgumentNullException.ThrowIfNull(map);
        var result = Error is not null ? RouteResult.Failure<TResult>(request, Error) : RouteResult.Success(request, map(Value!));
        return result with { Warnings = Warnings };
    }
}

/// <summary>Makes <see cref="ClusterAnswer{T}"/>s.</summary>
public static class ClusterAnswer
{
    public static ClusterAnswer<T> Of<T>(T value, IReadOnlyList<string> warnings)
        where T : class => new(value, null, warnings);

    public static ClusterAnswer<T> Failed<T>(ClusterError error, IReadOnlyList<string> warnings)
        where T : class => new(null, error, warnings);
}
