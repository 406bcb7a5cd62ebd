using OpenMcf.TcpRoute.Cluster;

namespace OpenMcf.TcpRoute.Tests.Cluster;

/// <summary>The context names --context completes with: the files kubectl would read, names only, never an error.</summary>
public sealed class KubeconfigContextsTests : IDisposable
{
    private readonly KubeconfigFolder _folder = new();

    [Fact]
    public void Every_file_of_KUBECONFIG_gives_its_names_in_merge_order_without_repeats()
    {
        var first = _folder.Write("a", KubeconfigFolder.Config("prod", "prod", "stage"));
        var second = _folder.Write("b", KubeconfigFolder.Config(null, "stage", "lab"));
        var variable = string.Join(Path.PathSeparator, first, Path.Combine(_folder.Root, "missing"), second);

        Assert.Equal(["prod", "stage", "lab"], KubeconfigContexts.Names(_folder.Sources(kubeconfigVariable: variable)));
    }

    [Fact]
    public void Kubeconfig_given_is_the_only_file_read_and_home_is_the_last_resort()
    {
        var given = _folder.Write("given", KubeconfigFolder.Config(null, "lab"));
        var variable = _folder.Write("variable", KubeconfigFolder.Config(null, "prod"));
        _folder.Write("home/.kube/config", KubeconfigFolder.Config(null, "home"));
        var home = Path.Combine(_folder.Root, "home");

        Assert.Equal(["lab"], KubeconfigContexts.Names(_folder.Sources(given, variable, home)));
        Assert.Equal(["home"], KubeconfigContexts.Names(_folder.Sources(home: home)));
    }

    [Theory]
    [InlineData("contexts: [ {name: \n")]
    [InlineData("contexts: prod\n")]
    [InlineData("- a list\n")]
    [InlineData("contexts:\n- name:\n- {}\n- name: [a]\n- name: ok\n")]
    [InlineData("")]
    public void A_broken_file_gives_what_it_can_and_never_throws(string text)
    {
        var file = _folder.Write("config", text);
        var names = KubeconfigContexts.Names(_folder.Sources(file));
        Assert.Equal(text.Contains("name: ok", StringComparison.Ordinal) ? ["ok"] : [], names);
    }

    [Fact]
    public void A_kubeconfig_given_that_does_not_exist_gives_no_names()
    {
        Assert.Empty(KubeconfigContexts.Names(_folder.Sources(Path.Combine(_folder.Root, "missing"))));
    }

    public void Dispose() => _folder.Dispose();
}
