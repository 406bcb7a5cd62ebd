using System.Net;
using System.Net.Sockets;
using System.Text;
using k8s;
using OpenMcf.TcpRoute.Cluster;

namespace OpenMcf.TcpRoute.Tests.Cluster;

/// <summary>The requests a connection makes, counted in its HTTP pipeline.</summary>
public sealed class RequestCounterTests : IDisposable
{
    private readonly KubeconfigFolder _folder = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _folder.Dispose();

    private sealed class Answers(Func<HttpRequestMessage, HttpStatusCode> status) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(status(request)));
    }

    [Fact]
    public async Task Requests_are_counted_by_method_and_path_without_the_query_from_many_threads_at_once()
    {
        var counter = new RequestCounter { InnerHandler = new Answers(_ => HttpStatusCode.OK) };
        using var client = new HttpClient(counter) { BaseAddress = new Uri("https://cluster.example/") };

        await Parallel.ForEachAsync(Enumerable.Range(0, 200), Token, async (i, ct) =>
        {
            using var get = await client.GetAsync(new Uri($"/api/v1/namespaces/apps?try={i}", UriKind.Relative), ct);
            using var delete = await client.DeleteAsync(new Uri($"/api/v1/namespaces/n{i % 4}", UriKind.Relative), ct);
        });

        Assert.Equal(200, counter.Count(HttpMethod.Get, "/api/v1/namespaces/apps"));
        Assert.Equal(50, counter.Count(HttpMethod.Delete, "/api/v1/namespaces/n3"));
        Assert.Equal(0, counter.Count(HttpMethod.Get, "/api/v1/namespaces/n3"));
        Assert.Equal(400, counter.Total);
        Assert.Equal(
            [
                "DELETE /api/v1/namespaces/n0",
                "DELETE /api/v1/namespaces/n1",
                "DELETE /api/v1/namespaces/n2",
                "DELETE /api/v1/namespaces/n3",
                "GET /api/v1/namespaces/apps",
            ],
            counter.Counts.Keys);
    }

    [Fact]
    public async Task A_connection_counts_its_raw_and_typed_requests_once_however_often_they_are_retried()
    {
        // A plain-http server that answers each path's first request 503 (retried) and then 404.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var seen = new List<string>();
        var server = Task.Run(async () =>
        {
            while (!Token.IsCancellationRequested)
            {
                using var socket = await listener.AcceptSocketAsync(Token);
                var buffer = new byte[8192];
                var received = await socket.ReceiveAsync(buffer, Token);
                var path = Encoding.ASCII.GetString(buffer, 0, received).Split(' ')[1];
                var first = !seen.Contains(path);
                seen.Add(path);
                var status = first ? "503 Service Unavailable" : "404 Not Found";
                var body = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":404}";
                var headers = $"Content-Type: application/json\r\nRetry-After: 0\r\nContent-Length: {body.Length}\r\nConnection: close";
                var answer = $"HTTP/1.1 {status}\r\n{headers}\r\n\r\n{body}";
                await socket.SendAsync(Encoding.ASCII.GetBytes(answer), Token);
            }
        }, Token);
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var config = _folder.Write("config", KubeconfigFolder.Config("a", ("a", $"http://127.0.0.1:{port}", "")));
        using var connection = ClusterConnection.Open(new ConnectionSettings(config, null, TimeSpan.FromSeconds(10)), null);

        using (await connection.GetAsync("/api/v1/namespaces/raw", HttpCompletionOption.ResponseContentRead, Token))
        {
        }

        await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(
            () => connection.Client.CoreV1.ReadNamespaceAsync("typed", cancellationToken: Token));

        Assert.Equal(["/api/v1/namespaces/raw", "/api/v1/namespaces/raw", "/api/v1/namespaces/typed", "/api/v1/namespaces/typed"], seen);
        IReadOnlyDictionary<string, int> expected = new SortedDictionary<string, int>(StringComparer.Ordinal)
        {
            ["GET /api/v1/namespaces/raw"] = 1,
            ["GET /api/v1/namespaces/typed"] = 1,
        };
        Assert.Equal(expected, connection.Requests.Counts);
        listener.Stop();
        await Assert.ThrowsAnyAsync<Exception>(() => server);
    }
}
