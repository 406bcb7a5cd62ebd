using System.Collections.Concurrent;

namespace OpenMcf.TcpRoute.Cluster;

/// <summary>
/// Counts the requests a connection makes, by method and path (without the query), where they
/// are made: in the HTTP pipeline, whatever code made them. Tests check with it that what is
/// shared is read once. It sits outside the retries, so a request retried counts once.
/// </summary>
public sealed class RequestCounter : DelegatingHandler
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    /// <summary>How many times each request was made so far, keyed "METHOD /path": "GET /api/v1/namespaces/apps".</summary>
    public IReadOnlyDictionary<string, int> Counts => new SortedDictionary<string, int>(_counts, StringComparer.Ordinal);

    /// <summary>How many requests were made so far.</summary>
    public int Total => _counts.Values.Sum();

    /// <summary>How many times <paramref name="method"/> <paramref name="path"/> was requested.</summary>
    public int Count(HttpMethod method, string path) => _counts.GetValueOrDefault(Key(method, path));

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        _counts.AddOrUpdate(Key(request.Method, request.RequestUri?.AbsolutePath ?? string.Empty), 1, (_, count) => count + 1);
        return base.SendAsync(request, cancellationToken);
    }

    private static string Key(HttpMethod method, string path) => $"{method.Method} {path}";
}
