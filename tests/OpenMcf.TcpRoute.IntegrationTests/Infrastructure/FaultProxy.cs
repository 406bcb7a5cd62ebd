using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using k8s;

namespace OpenMcf.TcpRoute.IntegrationTests.Infrastructure;

/// <summary>What the proxy does to one request instead of forwarding it.</summary>
public enum Fault
{
    None,
    ServiceUnavailable,
    ServiceUnavailableRetryAfter,
    TooManyRequests,
}

/// <summary>
/// A loopback HTTP proxy in front of the real API server that injects faults into chosen
/// requests. openmcf talks plain HTTP to it; it talks HTTPS to the server, trusting the server's CA.
/// </summary>
internal sealed class FaultProxy : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly HttpClient _upstream;
    private readonly Uri _server;
    private readonly Func<string, int, Fault> _plan;
    private readonly Task _loop;
    private int _count;

    public FaultProxy(string kubeconfig, Func<string, int, Fault> plan)
    {
        var config = KubernetesClientConfiguration.LoadKubeConfig(kubeconfig);
        var endpoint = config.Clusters.First().ClusterEndpoint;
        _server = new Uri(endpoint.Server);
        var trusted = new X509Certificate2Collection();
        trusted.ImportFromPemFile(endpoint.CertificateAuthority!);
        _upstream = new HttpClient(new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, chain, _) =>
            {
                chain!.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.AddRange(trusted);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(certificate!);
            },
        });
        Token = config.Users
            .First(u => u.Name == config.Contexts.First(c => c.Name == config.CurrentContext).ContextDetails.User)
            .UserCredentials.Token;
        _plan = plan;
        var port = FreePort();
        Url = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Url + "/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public string Url { get; }

    public string Token { get; }

    /// <summary>Requests seen, by "METHOD path".</summary>
    public List<string> Seen { get; } = [];

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
        {
        }

        _upstream.Dispose();
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var key = $"{context.Request.HttpMethod} {context.Request.Url!.AbsolutePath}";
        int n;
        lock (Seen)
        {
            Seen.Add(key);
            n = ++_count;
        }

        switch (_plan(key, Seen.Count(s => s == key)))
        {
            case Fault.ServiceUnavailable:
                context.Response.StatusCode = 503;
                context.Response.Close();
                return;
            case Fault.ServiceUnavailableRetryAfter:
                context.Response.StatusCode = 503;
                context.Response.Headers["Retry-After"] = "1";
                context.Response.Close();
                return;
            case Fault.TooManyRequests:
                context.Response.StatusCode = 429;
                context.Response.Close();
                return;
        }

        using var request = new HttpRequestMessage(
            new HttpMethod(context.Request.HttpMethod), new Uri(_server, context.Request.Url.PathAndQuery));
        if (context.Request.HasEntityBody)
        {
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            request.Content = new ByteArrayContent(body.ToArray());
            request.Content.Headers.TryAddWithoutValidation("Content-Type", context.Request.ContentType);
        }

        request.Headers.TryAddWithoutValidation("Authorization", context.Request.Headers["Authorization"]);
        request.Headers.TryAddWithoutValidation("Accept", context.Request.Headers["Accept"]);
        using var response = await _upstream.SendAsync(request);
        context.Response.StatusCode = (int)response.StatusCode;
        context.Response.ContentType = response.Content.Headers.ContentType?.ToString();
        foreach (var warning in response.Headers.TryGetValues("Warning", out var values) ? values : [])
        {
            context.Response.Headers.Add("Warning", warning);
        }

        var bytes = await response.Content.ReadAsByteArrayAsync();
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
        _ = n;
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
