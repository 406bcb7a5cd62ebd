using OpenMcf.TcpRoute.Cluster;

namespace OpenMcf.TcpRoute.Tests.Cluster;

/// <summary>The pod's service account, used when no kubeconfig file exists, read from a folder the test writes.</summary>
public sealed class KubeconfigInClusterTests : IDisposable
{
    private readonly KubeconfigFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>A service-account folder as a pod has it mounted; null leaves a file out.</summary>
    private string ServiceAccount(string? token = "sa-token\n", string? ca = "", string? ns = "apps\n")
    {
        var folder = _folder.EmptyFolder("serviceaccount");
        ca = ca == string.Empty ? KubeconfigFolder.CertificatePem("cluster-ca") : ca;
        foreach (var (name, text) in new[] { ("token", token), ("ca.crt", ca), ("namespace", ns) })
        {
            if (text is not null)
            {
                File.WriteAllText(Path.Combine(folder, name), text);
            }
        }

        return folder;
    }

    private KubeconfigSources Pod(string serviceAccount, string? host = "10.96.0.1", string? port = "443") =>
        new(null, null, _folder.EmptyFolder("home"), serviceAccount, host, port);

    private static ClusterError Refused(KubeconfigSources sources, string? context = null)
    {
        var result = Kubeconfig.Load(sources, context);
        Assert.Null(result.Kubeconfig);
        Assert.DoesNotContain("\n", result.Error!.Message, StringComparison.Ordinal);
        return result.Error;
    }

    [Fact]
    public void Without_a_kubeconfig_a_pod_uses_its_service_account()
    {
        var folder = ServiceAccount();

        var result = Kubeconfig.Load(Pod(folder, port: "6443"), null);

        var kubeconfig = Assert.IsType<Kubeconfig>(result.Kubeconfig);
        Assert.Equal("https://10.96.0.1:6443/", kubeconfig.Server);
        Assert.Equal("in-cluster", kubeconfig.Context);
        Assert.Equal("service account", kubeconfig.User);
        Assert.Equal(folder, kubeconfig.ServiceAccount);
        Assert.Equal("apps", kubeconfig.Namespace);
        Assert.Equal("CN=cluster-ca", Assert.Single(kubeconfig.Authorities!).Subject);
        Assert.False(kubeconfig.NeedsMachineRoots);
        Assert.Empty(kubeconfig.Files);
        Assert.Null(kubeconfig.Merged);
        Assert.Equal($"in-cluster service account from {folder}, server https://10.96.0.1:6443/", kubeconfig.Description);
        Assert.DoesNotContain("sa-token", kubeconfig.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void An_IPv6_service_host_is_put_in_brackets()
    {
        var kubeconfig = Kubeconfig.Load(Pod(ServiceAccount(), host: "fd00:10:96::1", port: "6443"), null).Kubeconfig!;

        Assert.Equal("https://[fd00:10:96::1]:6443/", kubeconfig.Server);
    }

    [Fact]
    public void The_namespace_file_is_optional()
    {
        Assert.Null(Kubeconfig.Load(Pod(ServiceAccount(ns: null)), null).Kubeconfig!.Namespace);
    }

    [Fact]
    public void A_kubeconfig_wins_over_the_service_account()
    {
        var home = _folder.EmptyFolder("home");
        _folder.Write("home/.kube/config", KubeconfigFolder.Config("a", "a"));

        var kubeconfig = Kubeconfig.Load(Pod(ServiceAccount()) with { Home = home }, null).Kubeconfig!;

        Assert.Equal("a", kubeconfig.Context);
        Assert.Null(kubeconfig.ServiceAccount);
    }

    [Fact]
    public void Outside_a_pod_with_no_kubeconfig_says_where_it_looked()
    {
        var error = Refused(Pod(ServiceAccount(), host: null, port: null));

        Assert.Equal(ClusterErrorKind.BadKubeconfig, error.Kind);
        Assert.Equal(
            "no kubeconfig found (looked at --kubeconfig, KUBECONFIG and ~/.kube/config) and not running inside a cluster; "
            + "pass --kubeconfig or set KUBECONFIG",
            error.Message);
    }

    [Fact]
    public void A_missing_token_is_one_sentence_naming_the_file()
    {
        var folder = ServiceAccount(token: null);

        var error = Refused(Pod(folder));

        Assert.Equal(ClusterErrorKind.BadKubeconfig, error.Kind);
        Assert.StartsWith(
            $"running inside a cluster, but the service account token {Path.Combine(folder, "token")} cannot be read (",
            error.Message,
            StringComparison.Ordinal);
        Assert.EndsWith(
            "); mount the service account (automountServiceAccountToken: true) or pass --kubeconfig",
            error.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_service_account_folder_is_the_same_sentence()
    {
        var missing = Path.Combine(_folder.Root, "not-mounted");

        var error = Refused(Pod(missing));

        Assert.StartsWith(
            $"running inside a cluster, but the service account token {Path.Combine(missing, "token")} cannot be read (",
            error.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_token_is_one_sentence()
    {
        var folder = ServiceAccount(token: "\n");

        Assert.Equal(
            $"the service account token {Path.Combine(folder, "token")} is empty; "
            + "mount the pod's service account token, or pass --kubeconfig",
            Refused(Pod(folder)).Message);
    }

    [Fact]
    public void A_missing_or_broken_certificate_authority_is_one_sentence()
    {
        var missing = Refused(Pod(ServiceAccount(ca: null)));
        Assert.StartsWith(
            "running inside a cluster, but the service account certificate authority ",
            missing.Message,
            StringComparison.Ordinal);

        var folder = ServiceAccount(ca: "not a certificate\n");
        var broken = Refused(Pod(folder)).Message;
        Assert.StartsWith(
            $"the service account's certificate authority {Path.Combine(folder, "ca.crt")} is not a certificate (",
            broken,
            StringComparison.Ordinal);
        Assert.EndsWith("); put the cluster's CA certificate there in PEM form", broken, StringComparison.Ordinal);
    }

    [Fact]
    public void A_port_that_is_not_a_number_is_one_sentence()
    {
        Assert.Equal(
            "KUBERNETES_SERVICE_PORT is \"https\", not a port number; unset it, or pass --kubeconfig",
            Refused(Pod(ServiceAccount(), port: "https")).Message);
    }

    [Fact]
    public void A_context_cannot_be_chosen_without_a_kubeconfig()
    {
        var error = Refused(Pod(ServiceAccount()), "prod");

        Assert.Equal(ClusterErrorKind.UnknownContext, error.Kind);
        Assert.Equal(
            "context \"prod\" was asked for, but there is no kubeconfig (running with the in-cluster service account); pass --kubeconfig",
            error.Message);
    }

    [Fact]
    public void A_connection_through_the_service_account_is_named_for_messages()
    {
        var kubeconfig = Kubeconfig.Load(Pod(ServiceAccount(), host: "127.0.0.1", port: "1"), null).Kubeconfig!;

        using var connection = ClusterConnection.FromKubeconfig(kubeconfig, new ConnectionSettings(null, null, TimeSpan.FromSeconds(5)));

        Assert.Equal("in-cluster", connection.Context);
        Assert.Equal("service account", connection.User);
        Assert.Equal("https://127.0.0.1:1/", connection.Server);
    }
}
