using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace OpenMcf.TcpRoute.Cluster;

/// <summary>
/// Checks the API server's certificate the way kubectl does: the kubeconfig's certificate-authority
/// is the only trusted root (the machine's roots are not consulted), and the certificate must name
/// the address that was dialled. KubernetesClient's own check accepts a certificate issued for
/// another name whenever the chain leads to the kubeconfig's CA, so it is replaced, and the reason
/// of a refusal is kept for the error message (TLS exceptions only say "rejected").
/// </summary>
/// <remarks>
/// The client sets its own callback in its constructor and keeps its socket handler private, so
/// this is the innermost delegating handler and installs the check on the socket handler just
/// before the first request, the last moment the handler's options can still be changed.
/// </remarks>
internal sealed class ServerCertificateCheck : DelegatingHandler
{
    private readonly X509Certificate2Collection? _authorities;
    private readonly Lock _installing = new();
    private volatile bool _installed;
    private volatile string? _refusal;

    /// <param name="authorities">The kubeconfig's certificate-authority bundle; null: the machine's trusted roots.</param>
    public ServerCertificateCheck(X509Certificate2Collection? authorities) => _authorities = authorities;

    /// <summary>Why the last refused certificate was refused, as a clause: "does not name 127.0.0.2 (it names ...)".</summary>
    public string? Refusal => _refusal;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!_installed)
        {
            lock (_installing)
            {
                if (!_installed)
                {
                    var handler = InnerHandler as SocketsHttpHandler
                        ?? throw new InvalidOperationException(
                            $"{nameof(ServerCertificateCheck)} must sit directly on the client's socket handler");
                    Install(handler);
                    _installed = true;
                }
            }
        }

        return base.SendAsync(request, cancellationToken);
    }

    private void Install(SocketsHttpHandler handler)
    {
        if (_authorities is { Count: > 0 })
        {
            var policy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
                DisableCertificateDownloads = true,
            };
            policy.CustomTrustStore.AddRange(_authorities);
            handler.SslOptions.CertificateChainPolicy = policy;
        }

        handler.SslOptions.RemoteCertificateValidationCallback = Validate;
    }

    private bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        _refusal = Describe(
            certificate as X509Certificate2, chain, errors, (sender as SslStream)?.TargetHostName, _authorities is { Count: > 0 });
        return false;
    }

    private static string Describe(X509Certificate2? certificate, X509Chain? chain, SslPolicyErrors errors, string? host, bool ownAuthority)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return "sent no certificate";
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
        {
            var status = chain?.ChainStatus.Select(s => s.Status.ToString()).Distinct().ToList() ?? [];
            var detail = status.Count == 0 ? string.Empty : $" ({string.Join(", ", status)})";
            return ownAuthority
                ? $"has a certificate that the certificate-authority in the kubeconfig does not vouch for{detail}"
                : $"has a certificate that none of this machine's trusted certificate authorities vouches for{detail}, "
                    + "and the kubeconfig names no certificate-authority for the cluster";
        }

        var names = Names(certificate);
        var named = names.Count == 0 ? "no address" : string.Join(", ", names);
        return $"has a certificate that does not name {(string.IsNullOrEmpty(host) ? "the address dialled" : host)} (it names {named})";
    }

    private static List<string> Names(X509Certificate2 certificate)
    {
        var extension = certificate.Extensions.FirstOrDefault(e => e.Oid?.Value == "2.5.29.17");
        if (extension is null)
        {
            return [certificate.GetNameInfo(X509NameType.DnsName, forIssuer: false)];
        }

        var alternative = new X509SubjectAlternativeNameExtension(extension.RawData, extension.Critical);
        return [.. alternative.EnumerateDnsNames().Concat(alternative.EnumerateIPAddresses().Select(a => a.ToString())).Distinct()];
    }
}
