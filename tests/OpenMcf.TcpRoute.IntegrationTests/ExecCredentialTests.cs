using OpenMcf.TcpRoute.IntegrationTests.Infrastructure;

namespace OpenMcf.TcpRoute.IntegrationTests;

/// <summary>Credentials from an exec plugin (users[].user.exec), as cloud kubeconfigs use them.</summary>
public class ExecCredentialTests(ClusterFixture cluster) : ClusterTest(cluster)
{
    private static string ExecUser(string plugin, string token) => $"""
        exec:
          apiVersion: client.authentication.k8s.io/v1beta1
          command: {plugin}
          env:
          - name: OPENMCF_TEST_TOKEN
            value: "{token}"
        """;

    private static string PrintsToken =>
        """printf '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"%s"}}' """
            + "\"$OPENMCF_TEST_TOKEN\" ";

    [Fact]
    public async Task A_token_from_an_exec_plugin_is_used()
    {
        var token = UserKubeconfig.AdminToken(Cluster.Kubeconfig);
        if (token is null)
        {
            Assert.Skip($"the {Cluster.Provider} kubeconfig has no token for the plugin to hand out");
        }

        var kubeconfig = UserKubeconfig.Write(Cluster.Kubeconfig, ExecUser(UserKubeconfig.Plugin(PrintsToken), token));

        var run = (await Openmcf("apply", "-f", Route("db"), "--kubeconfig", kubeconfig, "-v")).Exits(0);

        Assert.Contains("created", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("with credentials from the exec plugin", run.Stderr, StringComparison.Ordinal);
        Assert.NotNull(await LiveRoute("db"));
    }

    [Fact]
    public async Task A_failing_exec_plugin_is_one_sentence_naming_the_plugin()
    {
        var plugin = UserKubeconfig.Plugin("echo 'openmcf-test: please log in first' >&2\nexit 1");
        var kubeconfig = UserKubeconfig.Write(Cluster.Kubeconfig, ExecUser(plugin, "unused"));

        var run = (await Openmcf("apply", "-f", Route("db"), "--kubeconfig", kubeconfig)).Exits(3);

        // The plugin's own stderr goes straight to openmcf's stderr (the process's, not this test's capture).
        Assert.Contains($"the exec credential plugin {plugin} of user \"test-user\" (context \"test\") gave no credentials",
            run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("this is a bug", run.Stderr, StringComparison.Ordinal);
        Assert.Null(await LiveRoute("db"));
    }

    [Fact]
    public async Task An_exec_plugin_printing_garbage_is_one_sentence()
    {
        var plugin = UserKubeconfig.Plugin("echo 'not json'");
        var kubeconfig = UserKubeconfig.Write(Cluster.Kubeconfig, ExecUser(plugin, "unused"));

        var run = (await Openmcf("apply", "-f", Route("db"), "--kubeconfig", kubeconfig)).Exits(3);

        Assert.Contains($"the exec credential plugin {plugin}", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("this is a bug", run.Stderr, StringComparison.Ordinal);
    }
}
