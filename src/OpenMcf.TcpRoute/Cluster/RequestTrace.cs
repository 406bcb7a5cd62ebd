using System.Diagnostics;

namespace OpenMcf.TcpRoute.Cluster;

/// <summary>
/// --verbose: one line per HTTP request (every attempt, retries included) with its answer and
/// time. Only the method, URL and status are written, never a header or a body, so credentials
/// cannot reach the log.
/// </summary>
public sealed class RequestTrace(TextWriter log) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var clock = Stopwatch.StartNew();
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var answer = $"{(int)response.StatusCode} {response.ReasonPhrase} ({clock.ElapsedMilliseconds} ms)";
            log.WriteLine($"verbose: {request.Method} {request.RequestUri} {answer}");
            return response;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
        {
            log.WriteLine($"verbose: {request.Method} {request.RequestUri} failed: {e.GetType().Name} ({clock.ElapsedMilliseconds} ms)");
            throw;
        }
    }
}
