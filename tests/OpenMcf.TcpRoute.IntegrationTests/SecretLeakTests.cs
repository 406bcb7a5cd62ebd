using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s;
using OpenMcf.TcpRoute.IntegrationTests.Infrastructure;

namespace OpenMcf.TcpRoute.IntegrationTests;

/// <summary>
/// Bearer tokens, client keys, passwords and exec-plugin secrets never appear in any output: every
/// cluster command, with and without --verbose, text and JSON, on success and on each kind of failure.
/// </summary>
public class SecretLeakTests(ClusterFixture cluster) : ClusterTest(cluster)
{
    private static readonly string Password = $"openmcf-secret-password-{Guid.NewGuid():N}";
    private static readonly string WrongToken = $"openmcf-secret-token-{Guid.NewGuid():N}";
    private static readonly string ExecSecret = $"openmcf-secret-exec-{Guid.NewGuid():N}";

    /// <summary>Each secret as written and in the forms it travels in (base64, a basic-auth header, its first 16 characters).</summary>
    private static IEnumerable<string> Forms(string secret)
    {
        yield return secret;
        yield return Convert.ToBase64String(Encoding.UTF8.GetBytes(secret));
        if (secret.Length > 24)
        {
            yield return secret[..16];
        }
    }

    private static (string CertData, string KeyData, string KeyBody) ClientCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=leak-test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var keyPem = key.ExportPkcs8PrivateKeyPem();
        var body = keyPem.Split('\n')[2];
        return (
            Convert.ToBase64String(Encoding.ASCII.GetBytes(cert.ExportCertificatePem())),
            Convert.ToBase64String(Encoding.ASCII.GetBytes(keyPem)),
            body);
    }

    private static string ClosedPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return $"https://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}";
    }

    [Fact]
    public async Task No_credential_appears_in_any_output_at_any_verbosity()
    {
        var adminToken = UserKubeconfig.AdminToken(Cluster.Kubeconfig);
        var (certData, keyData, keyBody) = ClientCertificate();
        var plugin = UserKubeconfig.Plugin(
            """printf '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"%s"}}' """
                + "\"$OPENMCF_TEST_TOKEN\" ");
        var failingPlugin = UserKubeconfig.Plugin("echo 'openmcf-test: no session' >&2\nexit 1");
        string Exec(string command) =>
            $"exec:\n  apiVersion: client.authentication.k8s.io/v1beta1\n  command: {command}\n"
                + $"  env:\n  - name: OPENMCF_TEST_TOKEN\n    value: \"{ExecSecret}\"";

        var kubeconfigs = new List<(string Case, string Path)>
        {
            ("admin (success)", Cluster.Kubeconfig),
            ("wrong token", UserKubeconfig.Write(Cluster.Kubeconfig, $"token: {WrongToken}")),
            ("username and password", UserKubeconfig.Write(Cluster.Kubeconfig, $"username: alice\npassword: {Password}")),
            ("client certificate",
                UserKubeconfig.Write(Cluster.Kubeconfig, $"client-certificate-data: {certData}\nclient-key-data: {keyData}")),
            ("exec plugin", UserKubeconfig.Write(Cluster.Kubeconfig, Exec(plugin))),
            ("failing exec plugin", UserKubeconfig.Write(Cluster.Kubeconfig, Exec(failingPlugin))),
            ("token, server down", UserKubeconfig.Write(Cluster.Kubeconfig, $"token: {WrongToken}", ClosedPort())),
            ("token, unknown host",
                UserKubeconfig.Write(Cluster.Kubeconfig, $"token: {WrongToken}", "https://openmcf-leak-test.invalid:6443")),
            ("password, server down", UserKubeconfig.Write(Cluster.Kubeconfig, $"username: alice\npassword: {Password}", ClosedPort())),
        };
        var secrets = new[] { Password, WrongToken, ExecSecret, keyData, keyBody, $"alice:{Password}" }
            .Concat(adminToken is null ? [] : [adminToken])
            .SelectMany(Forms)
            .ToList();

        var route = Route("db");
        string[][] commands =
        [
            ["apply", "-f", route],
            ["apply", "-f", route, "-o", "json"],
            ["apply", "-f", route, "--dry-run=server", "-o", "yaml"],
            ["plan", "-f", route],
            ["check", "-f", route],
            ["destroy", "-f", route],
        ];

        var runs = 0;
        foreach (var (name, kubeconfig) in kubeconfigs)
        {
            foreach (var command in commands)
            {
                foreach (string[] verbosity in (string[][])[[], ["--verbose"]])
                {
                    var run = await Openmcf([.. command, .. verbosity, "--kubeconfig", kubeconfig]);
                    runs++;
                    var all = run.Stdout + run.Stderr;
                    foreach (var secret in secrets)
                    {
                        Assert.False(
                            all.Contains(secret, StringComparison.Ordinal),
                            $"{name}: `openmcf {string.Join(' ', command)} {string.Join(' ', verbosity)}` printed a credential:\n{all}");
                    }

                    if (verbosity.Length > 0)
                    {
                        Assert.Contains("verbose: ", run.Stderr, StringComparison.Ordinal);
                    }
                }
            }
        }

        TestContext.Current.SendDiagnosticMessage($"{runs} runs searched for {secrets.Count} secret forms");
        Assert.Equal(kubeconfigs.Count * commands.Length * 2, runs);
    }
}
