using System.Net;
using System.Net.Sockets;
using System.Text;
using OpenMcf.TcpRoute.Cluster;

namespace OpenMcf.TcpRoute.Tests.Cluster;

/// <summary>Discovery of the served TCPRoute versions, against a plain-http server that answers as an API server does.</summary>
public sealed class DiscoveryTests : IDisposable
{
    private const string Group = "gateway.networking.k8s.io";
    private static readonly string[] Versions = ["v1", "v1beta1", "v1alpha2"];

    private readonly KubeconfigFolder _folder = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task The_group_versions_are_read_at_once_and_listed_in_the_servers_order()
    {
        // A version document is answered only once all three are asked for, the last one first: read one after
        // another, the first would wait in vain (and be answered 504 after 10 s).
        var asked = new List<TaskCompletionSource>();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var server = Task.Run(
            async () =>
            {
                while (!Token.IsCancellationRequested)
                {
                    var socket = await listener.AcceptSocketAsync(Token);
                    _ = AnswerAsync(socket, asked);
                }
            },
            Token);
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var config = _folder.Write("config", KubeconfigFolder.Config("a", ("a", $"http://127.0.0.1:{port}", string.Empty)));
        using var connection = ClusterConnection.Open(new ConnectionSettings(config, null, TimeSpan.FromSeconds(30)), null);

        var served = await TcpRouteApiVersions.ServedAsync(connection, Token);

        Assert.Equal(["v1", "v1alpha2"], served);
        Assert.Equal(4, connection.Requests.Total);
        listener.Stop();
        await Assert.ThrowsAnyAsync<Exception>(() => server);
    }

    private static async Task AnswerAsync(Socket socket, List<TaskCompletionSource> asked)
    {
        using (socket)
        {
            var buffer = new byte[8192];
            var received = await socket.ReceiveAsync(buffer, Token);
            var path = Encoding.ASCII.GetString(buffer, 0, received).Split(' ')[1];
            var (status, body) = path == "/apis/" ? ("200 OK", GroupList()) : await VersionAsync(path, asked);
            var headers = $"Content-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close";
            await socket.SendAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {status}\r\n{headers}\r\n\r\n{body}"), Token);
        }
    }

    private static async Task<(string Status, string Body)> VersionAsync(string path, List<TaskCompletionSource> asked)
    {
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (asked)
        {
            asked.Add(answer);
            if (asked.Count == Versions.Length)
            {
                asked.AsEnumerable().Reverse().ToList().ForEach(a => a.SetResult());
            }
        }

        if (await Task.WhenAny(answer.Task, Task.Delay(TimeSpan.FromSeconds(10), Token)) != answer.Task)
        {
            return ("504 Gateway Timeout", "{}");
        }

        var version = path.Split('/')[^1];
        var resources = version == "v1beta1"
            ? """{"name":"gateways","singularName":"gateway","namespaced":true,"kind":"Gateway","verbs":["get"]}"""
            : """{"name":"tcproutes","singularName":"tcproute","namespaced":true,"kind":"TCPRoute","verbs":["get"]}""";
        var list = $$"""{"kind":"APIResourceList","apiVersion":"v1","groupVersion":"{{Group}}/{{version}}",""";
        return ("200 OK", $$"""{{list}}"resources":[{{resources}}]}""");
    }

    private static string GroupList()
    {
        var versions = string.Join(",", Versions.Select(v => $$"""{"groupVersion":"{{Group}}/{{v}}","version":"{{v}}"}"""));
        var preferred = $$"""{"groupVersion":"{{Group}}/v1","version":"v1"}""";
        var group = $$"""{"name":"{{Group}}","versions":[{{versions}}],"preferredVersion":{{preferred}}}""";
        return $$"""{"kind":"APIGroupList","apiVersion":"v1","groups":[{{group}}]}""";
    }
}
