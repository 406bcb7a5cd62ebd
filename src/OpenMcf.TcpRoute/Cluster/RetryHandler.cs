using System.Net;
using System.Net.Http.Headers;

namespace OpenMcf.TcpRoute.Cluster;

/// <summary>
/// Retries what a busy or restarting API server answers with: 429 and 503 (honouring
/// Retry-After, capped) and connections reset mid-request, a bounded number of times with
/// exponential backoff. Every request openmcf sends is idempotent (GET, LIST, server-side apply,
/// DELETE), so sending it again is safe. A refused connection is not retried: it fails at once.
/// </summary>
public sealed class RetryHandler : DelegatingHandler
{
    public const int MaxAttempts = 4;
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException e) when (attempt < MaxAttempts && IsReset(e) && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(Backoff(attempt, null), cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (attempt < MaxAttempts && response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)
            {
                var delay = Backoff(attempt, response.Headers.RetryAfter);
                response.Dispose();
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                continue;
            }

            return response;
        }
    }

    private static bool IsReset(HttpRequestException e) =>
        e.HttpRequestError is HttpRequestError.ResponseEnded or HttpRequestError.InvalidResponse
        || e.InnerException is IOException
        {
            InnerException: System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionReset },
        };

    private static TimeSpan Backoff(int attempt, RetryConditionHeaderValue? retryAfter)
    {
        var delay = retryAfter?.Delta
            ?? (retryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : TimeSpan.FromMilliseconds(200 * Math.Pow(2, attempt - 1)));
        return delay < TimeSpan.Zero ? TimeSpan.Zero : delay > MaxDelay ? MaxDelay : delay;
    }
}
