using OpenMcf.TcpRoute.Cluster;

namespace OpenMcf.TcpRoute.Tests.Cluster;

/// <summary>kubectl's reading of kubeconfig files, with files alone: no client, no cluster, no process-wide state.</summary>
public sealed class KubeconfigTests : IDisposable
{
    private readonly KubeconfigFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static Kubeconfig Loaded(KubeconfigSources sources, string? context = null)
    {
        var result = Kubeconfig.Load(sources, context);
        Assert.True(result.Error is null, result.Error?.Message);
        return result.Kubeconfig!;
    }

    private static ClusterError Refused(KubeconfigSources sources, string? context = null)
    {
        var result = Kubeconfig.Load(sources, context);
        Assert.Null(result.Kubeconfig);
        return result.Error!;
    }

    private static string Variable(params string[] files) => string.Join(Path.PathSeparator, files);

    [Fact]
    public void The_kubeconfig_flag_beats_KUBECONFIG_and_home()
    {
        var flag = _folder.Write("flag", KubeconfigFolder.Config("from-flag", "from-flag"));
        var variable = _folder.Write("variable", KubeconfigFolder.Config("from-variable", "from-variable"));
        var home = _folder.EmptyFolder("home");
        _folder.Write("home/.kube/config", KubeconfigFolder.Config("from-home", "from-home"));

        var kubeconfig = Loaded(_folder.Sources(flag, variable, home));

        Assert.Equal([flag], kubeconfig.Files);
        Assert.Equal("from-flag", kubeconfig.Context);
    }

    [Fact]
    public void KUBECONFIG_beats_home()
    {
        var variable = _folder.Write("variable", KubeconfigFolder.Config("from-variable", "from-variable"));
        var home = _folder.EmptyFolder("home");
        _folder.Write("home/.kube/config", KubeconfigFolder.Config("from-home", "from-home"));

        var kubeconfig = Loaded(_folder.Sources(kubeconfigVariable: variable, home: home));

        Assert.Equal([variable], kubeconfig.Files);
        Assert.Equal("from-variable", kubeconfig.Context);
        Assert.Equal("https://from-variable.example:6443", kubeconfig.Server);
    }

    [Fact]
    public void Home_config_is_read_when_KUBECONFIG_is_unset_empty_or_names_no_existing_file()
    {
        var home = _folder.EmptyFolder("home");
        var config = _folder.Write("home/.kube/config", KubeconfigFolder.Config("from-home", "from-home"));

        foreach (var variable in new[] { null, string.Empty, Path.Combine(_folder.Root, "missing") })
        {
            Assert.Equal([config], Loaded(_folder.Sources(kubeconfigVariable: variable, home: home)).Files);
        }
    }

    [Fact]
    public void A_missing_kubeconfig_flag_is_not_replaced_by_another_file()
    {
        var home = _folder.EmptyFolder("home");
        _folder.Write("home/.kube/config", KubeconfigFolder.Config("from-home", "from-home"));
        var missing = Path.Combine(_folder.Root, "missing");

        var error = Refused(_folder.Sources(missing, home: home));

        Assert.Equal(ClusterErrorKind.BadKubeconfig, error.Kind);
        Assert.Equal($"the kubeconfig {missing} (from --kubeconfig) does not exist", error.Message);
    }

    [Fact]
    public void The_first_file_to_name_a_cluster_user_context_or_current_context_wins()
    {
        // The first file names no current context, so the second's counts; "shared" is in both,
        // and its cluster, user and context come from the first.
        var first = _folder.Write("first", """
            apiVersion: v1
            kind: Config
            clusters:
            - name: shared
              cluster:
                server: https://first.example:6443
            users:
            - name: shared
              user:
                token: first-token
            contexts:
            - name: shared
              context:
                cluster: shared
                user: shared
                namespace: from-first
            """);
        var second = _folder.Write("second", """
            apiVersion: v1
            kind: Config
            clusters:
            - name: shared
              cluster:
                server: https://second.example:6443
            - name: only-second
              cluster:
                server: https://only-second.example:6443
            users:
            - name: shared
              user:
                token: second-token
            contexts:
            - name: shared
              context:
                cluster: only-second
                user: shared
            - name: only-second
              context:
                cluster: only-second
                user: shared
            current-context: shared
            """);
        var third = _folder.Write("third", KubeconfigFolder.Config("third", "third"));

        var kubeconfig = Loaded(_folder.Sources(kubeconfigVariable: Variable(first, second, third)));

        Assert.Equal([first, second, third], kubeconfig.Files);
        Assert.Equal("shared", kubeconfig.Context);
        Assert.Equal("https://first.example:6443", kubeconfig.Server);
        Assert.Equal("from-first", kubeconfig.Namespace);
        Assert.Equal("first-token", kubeconfig.Merged!.Users.Single(u => u.Name == "shared").UserCredentials.Token);
        Assert.Equal(["shared", "only-second", "third"], kubeconfig.Merged.Contexts.Select(c => c.Name));
        Assert.Equal(["shared", "only-second", "third"], kubeconfig.Merged.Clusters.Select(c => c.Name));
        Assert.Equal(
            "https://only-second.example:6443",
            Loaded(_folder.Sources(kubeconfigVariable: Variable(first, second)), "only-second").Server);
    }

    [Fact]
    public void KUBECONFIG_entries_that_are_missing_or_repeated_are_read_once_or_not_at_all()
    {
        var config = _folder.Write("config", KubeconfigFolder.Config("a", "a"));
        var missing = Path.Combine(_folder.Root, "missing");

        var kubeconfig = Loaded(_folder.Sources(kubeconfigVariable: Variable(missing, config, string.Empty, config)));

        Assert.Equal([config], kubeconfig.Files);
    }

    [Fact]
    public void A_context_asked_for_wins_over_the_current_context()
    {
        var config = _folder.Write("config", KubeconfigFolder.Config("a", "a", "b"));

        Assert.Equal("b", Loaded(_folder.Sources(config), "b").Context);
        Assert.Equal("https://b.example:6443", Loaded(_folder.Sources(config), "b").Server);
        Assert.Equal("a", Loaded(_folder.Sources(config), null).Context);
    }

    [Fact]
    public void An_unknown_context_is_one_sentence_listing_the_available_ones()
    {
        var config = _folder.Write("config", KubeconfigFolder.Config("a", "a", "b"));

        var error = Refused(_folder.Sources(config), "nope");

        Assert.Equal(ClusterErrorKind.UnknownContext, error.Kind);
        Assert.Equal($"context \"nope\" is not in the kubeconfig {config}; available: a, b", error.Message);
    }

    [Fact]
    public void No_current_context_asks_for_one_and_lists_the_available_ones()
    {
        var config = _folder.Write("config", KubeconfigFolder.Config(null, "a", "b"));
        var empty = _folder.Write("empty", string.Empty);

        Assert.Equal("the kubeconfig has no current context; pass --context (available: a, b)", Refused(_folder.Sources(config)).Message);
        Assert.Equal("the kubeconfig has no current context; pass --context (available: none)", Refused(_folder.Sources(empty)).Message);
    }

    [Fact]
    public void A_context_naming_a_missing_cluster_or_user_is_one_sentence()
    {
        var config = _folder.Write("config", """
            apiVersion: v1
            kind: Config
            clusters:
            - name: a
              cluster:
                server: https://a.example:6443
            users:
            - name: a
              user:
                token: token-of-a
            contexts:
            - name: no-cluster
              context:
                cluster: ghost
                user: a
            - name: no-user
              context:
                cluster: a
                user: ghost
            """);

        var cluster = Refused(_folder.Sources(config), "no-cluster");
        var user = Refused(_folder.Sources(config), "no-user");

        Assert.Equal(
            $"context \"no-cluster\" names the cluster \"ghost\", which is not in the kubeconfig {config}; "
            + "add it, or pass another --context",
            cluster.Message);
        Assert.Equal(
            $"context \"no-user\" names the user \"ghost\", which is not in the kubeconfig {config}; add it, or pass another --context",
            user.Message);
    }

    [Theory]
    [InlineData("ci", "prod", "ci")]
    [InlineData(null, "prod", "prod")]
    [InlineData("", "prod", "prod")]
    [InlineData(null, null, null)]
    [InlineData(null, "", null)]
    [InlineData("ci", null, "ci")]
    public void The_context_flag_wins_over_the_manifest_label(string? flag, string? label, string? expected) =>
        Assert.Equal(expected, Kubeconfig.ContextFor(flag, label));

    [Fact]
    public void A_relative_certificate_authority_is_read_from_the_folder_of_the_file_that_names_it()
    {
        var pem = KubeconfigFolder.CertificatePem("relative-ca");
        _folder.Write("second/certs/ca.pem", pem);
        _folder.Write("certs/ca.pem", KubeconfigFolder.CertificatePem("decoy"));
        var first = _folder.Write("first/config", KubeconfigFolder.Config("a", "a"));
        var relative = ("b", "https://b.example:6443", "    certificate-authority: certs/ca.pem\n");
        var second = _folder.Write("second/config", KubeconfigFolder.Config("b", relative));

        // The cluster comes from the second file, so its folder counts, not the first file's nor the working folder.
        var kubeconfig = Loaded(_folder.Sources(kubeconfigVariable: Variable(first, second)), "b");

        Assert.Equal("CN=relative-ca", Assert.Single(kubeconfig.Authorities!).Subject);
        Assert.Equal(
            Path.Combine(_folder.Root, "second", "certs", "ca.pem"),
            kubeconfig.Merged!.Clusters.Single(c => c.Name == "b").ClusterEndpoint.CertificateAuthority);
    }

    [Fact]
    public void Every_certificate_of_a_bundle_is_kept_from_a_file_or_from_data()
    {
        string[] names = ["one", "two", "three"];
        var bundle = string.Concat(names.Select(KubeconfigFolder.CertificatePem));
        _folder.Write("bundle.pem", bundle);
        var data = Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(bundle));
        var config = _folder.Write("config", KubeconfigFolder.Config(
            "file",
            ("file", "https://file.example:6443", "    certificate-authority: bundle.pem\n"),
            ("data", "https://data.example:6443", $"    certificate-authority-data: {data}\n")));

        foreach (var context in new[] { "file", "data" })
        {
            var kubeconfig = Loaded(_folder.Sources(config), context);
            Assert.Equal(["CN=one", "CN=two", "CN=three"], kubeconfig.Authorities!.Select(c => c.Subject));
            Assert.False(kubeconfig.NeedsMachineRoots);
        }
    }

    [Fact]
    public void A_missing_or_unreadable_certificate_authority_is_one_sentence()
    {
        _folder.Write("garbage.pem", "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n");
        _folder.Write("empty.pem", "no certificate in here\n");
        var config = _folder.Write("config", KubeconfigFolder.Config(
            "missing",
            ("missing", "https://missing.example:6443", "    certificate-authority: certs/missing.pem\n"),
            ("garbage", "https://garbage.example:6443", "    certificate-authority: garbage.pem\n"),
            ("empty", "https://empty.example:6443", "    certificate-authority: empty.pem\n"),
            ("not-base64", "https://data.example:6443", "    certificate-authority-data: '%%%'\n")));

        var missing = Refused(_folder.Sources(config), "missing");
        var garbage = Refused(_folder.Sources(config), "garbage");
        var empty = Refused(_folder.Sources(config), "empty");
        var notBase64 = Refused(_folder.Sources(config), "not-base64");

        Assert.Equal(
            $"the certificate-authority file {Path.Combine(_folder.Root, "certs", "missing.pem")} of context \"missing\" does not exist; "
            + "fix the path in the kubeconfig",
            missing.Message);
        Assert.Equal(
            $"the certificate-authority file {Path.Combine(_folder.Root, "garbage.pem")} of context \"garbage\" holds no certificate; "
            + "put the cluster's CA certificate there in PEM form",
            garbage.Message);
        Assert.StartsWith(
            $"the certificate-authority file {Path.Combine(_folder.Root, "empty.pem")} of context \"empty\" is not a certificate (",
            empty.Message,
            StringComparison.Ordinal);
        Assert.EndsWith("); put the cluster's CA certificate there in PEM form", empty.Message, StringComparison.Ordinal);
        Assert.Equal(
            "the certificate-authority-data of cluster \"not-base64\" (context \"not-base64\") is not base64; "
            + "put the CA certificate there base64-encoded, or use certificate-authority",
            notBase64.Message);
        Assert.All([missing, garbage, empty, notBase64], e => Assert.Equal(ClusterErrorKind.BadKubeconfig, e.Kind));
        Assert.All([missing, garbage, empty, notBase64], e => Assert.DoesNotContain("\n", e.Message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("clusters: [unclosed\n")]
    [InlineData("clusters: just a string\n")]
    [InlineData("- a\n- list\n")]
    [InlineData("\t\u0001\u0002 binary")]
    public void A_malformed_file_is_one_sentence_naming_that_file(string text)
    {
        var good = _folder.Write("good", KubeconfigFolder.Config("a", "a"));
        var bad = _folder.Write("bad", text);

        var error = Refused(_folder.Sources(kubeconfigVariable: Variable(good, bad)));

        Assert.Equal(ClusterErrorKind.BadKubeconfig, error.Kind);
        Assert.StartsWith($"cannot read the kubeconfig {bad}: ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("; fix the file or pass another with --kubeconfig", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_server_that_is_not_a_url_is_one_sentence()
    {
        var config = _folder.Write("config", KubeconfigFolder.Config("a", ("a", "not a url", "")));

        Assert.Equal(
            "the cluster \"a\" of context \"a\" has the server \"not a url\", not a URL; set its server to the API server's https URL",
            Refused(_folder.Sources(config)).Message);
    }

    [Fact]
    public void Machine_roots_are_needed_while_any_https_server_of_the_kubeconfig_has_no_authority_of_its_own()
    {
        var data = Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(KubeconfigFolder.CertificatePem("ca")));
        var withCa = ("with-ca", "https://with-ca.example:6443", $"    certificate-authority-data: {data}\n");
        var insecure = ("insecure", "https://insecure.example:6443", "    insecure-skip-tls-verify: true\n");
        var plain = ("plain", "http://plain.example:8080", "");
        var withoutCa = ("without-ca", "https://without-ca.example:6443", "");

        var covered = Loaded(_folder.Sources(_folder.Write("covered", KubeconfigFolder.Config("with-ca", withCa, insecure, plain))));
        var uncovered = Loaded(_folder.Sources(_folder.Write("uncovered", KubeconfigFolder.Config("with-ca", withCa, withoutCa))));

        Assert.False(covered.NeedsMachineRoots);
        Assert.True(uncovered.NeedsMachineRoots); // The context in use has its CA; another server does not.
        Assert.Null(Loaded(_folder.Sources(_folder.Write("insecure", KubeconfigFolder.Config("insecure", insecure)))).Authorities);
        Assert.Null(Loaded(_folder.Sources(_folder.Write("plain", KubeconfigFolder.Config("plain", plain)))).Authorities);
    }

    [Fact]
    public void The_client_gets_the_selected_context_alone_and_no_certificate_authority_to_read_again()
    {
        var pem = KubeconfigFolder.CertificatePem("ca");
        _folder.Write("ca.pem", pem);
        var config = _folder.Write("config", KubeconfigFolder.Config(
            "a",
            ("a", "https://a.example:6443", "    certificate-authority: ca.pem\n"),
            ("b", "https://b.example:6443", "")));

        var forClient = Loaded(_folder.Sources(config)).ForClient();

        Assert.Equal("a", forClient.CurrentContext);
        var cluster = Assert.Single(forClient.Clusters);
        Assert.Equal("https://a.example:6443", cluster.ClusterEndpoint.Server);
        Assert.Null(cluster.ClusterEndpoint.CertificateAuthority);
        Assert.Equal("token-of-a", Assert.Single(forClient.Users).UserCredentials.Token);
        Assert.Single(forClient.Contexts);
    }

    [Fact]
    public void The_description_names_the_kind_of_credentials_never_the_credentials()
    {
        var config = _folder.Write("config", KubeconfigFolder.Config("a", "a"));

        var description = Loaded(_folder.Sources(config)).Description;

        Assert.Equal($"context \"a\" from {config}: server https://a.example:6443, user \"a\" with a bearer token", description);
        Assert.DoesNotContain("token-of-a", description, StringComparison.Ordinal);
    }

    [Fact]
    public void A_connection_built_from_a_loaded_kubeconfig_has_made_no_request()
    {
        var pem = KubeconfigFolder.CertificatePem("one") + KubeconfigFolder.CertificatePem("two");
        _folder.Write("ca.pem", pem);
        var config = _folder.Write(
            "config",
            KubeconfigFolder.Config("a", ("a", "https://127.0.0.1:1", "    certificate-authority: ca.pem\n")));

        var settings = new ConnectionSettings(config, null, TimeSpan.FromSeconds(5));
        using var connection = ClusterConnection.FromKubeconfig(Loaded(_folder.Sources(config)), settings);

        Assert.Equal("a", connection.Context);
        Assert.Equal("a", connection.User);
        Assert.StartsWith("https://127.0.0.1:1", connection.Server, StringComparison.Ordinal);
        Assert.Equal(0, connection.Requests.Total);
    }
}
