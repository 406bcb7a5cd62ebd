using System.Net;
using System.Net.Sockets;

namespace OpenMcf.TcpRoute.IntegrationTests.Infrastructure;

/// <summary>
/// A loopback TCP relay in front of the real API server that resets chosen connections. It passes
/// TLS through untouched (the server's certificate names 127.0.0.1, so it stays valid on another
/// port), which lets it do what an HTTP-level proxy cannot: send a TCP reset.
/// </summary>
internal sealed class TcpFaultProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly IPEndPoint _server;
    private readonly Func<int, bool> _reset;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _connections;

    /// <param name="server">The API server's https URL.</param>
    /// <param name="reset">Given the connection's number (from 1), whether to reset it once the client's first bytes arrive.</param>
    /// <param name="listen">
    /// The loopback address to listen on; one the server's certificate does not name makes the certificate a wrong one.
    /// </param>
    public TcpFaultProxy(Uri server, Func<int, bool> reset, string listen = "127.0.0.1")
    {
        _server = new IPEndPoint(IPAddress.Parse(server.Host), server.Port);
        _reset = reset;
        _listener = new TcpListener(IPAddress.Parse(listen), 0);
        _listener.Start();
        Url = $"https://{listen}:{((IPEndPoint)_listener.LocalEndpoint).Port}";
        _loop = Task.Run(LoopAsync);
    }

    public string Url { get; }

    public int Connections => Volatile.Read(ref _connections);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var n = Interlocked.Increment(ref _connections);
            _ = Task.Run(() => RelayAsync(client, _reset(n)));
        }
    }

    private async Task RelayAsync(Socket client, bool reset)
    {
        using (client)
        {
            if (reset)
            {
                // Wait for the TLS client hello, then abort: linger 0 makes close send RST, not FIN.
                var buffer = new byte[1];
                await client.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                client.LingerState = new LingerOption(true, 0);
                client.Close();
                return;
            }

            using var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await upstream.ConnectAsync(_server, _stop.Token);
            using var a = new NetworkStream(client, ownsSocket: false);
            using var b = new NetworkStream(upstream, ownsSocket: false);
            try
            {
                await Task.WhenAny(a.CopyToAsync(b, _stop.Token), b.CopyToAsync(a, _stop.Token));
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
            {
            }
        }
    }
}
