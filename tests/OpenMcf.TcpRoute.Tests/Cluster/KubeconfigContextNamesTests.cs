using OpenMcf.TcpRoute.Cluster;

namespace OpenMcf.TcpRoute.Tests.Cluster;

/// <summary>
/// The context names --all-contexts and --context-pattern select from, and --context completes with: the files kubectl
/// would read, merged.
/// </summary>
public sealed class KubeconfigContextNamesTests : IDisposable
{
    private readonly KubeconfigFolder _folder = new();

    [Fact]
    public void Every_file_of_KUBECONFIG_gives_its_names_in_merge_order_without_repeats()
    {
        var first = _folder.Write("a", KubeconfigFolder.Config("prod", "prod", "stage"));
        var second = _folder.Write("b", KubeconfigFolder.Config(null, "stage", "lab"));
        var variable = string.Join(Path.PathSeparator, first, Path.Combine(_folder.Root, "missing"), second);

        Assert.Equal(["prod", "stage", "lab"], Names(_folder.Sources(kubeconfigVariable: variable)));
    }

    [Fact]
    public void Kubeconfig_given_is_the_only_file_read_and_home_is_the_last_resort()
    {
        var given = _folder.Write("given", KubeconfigFolder.Config(null, "lab"));
        var variable = _folder.Write("variable", KubeconfigFolder.Config(null, "prod"));
        _folder.Write("home/.kube/config", KubeconfigFolder.Config(null, "home"));
        var home = Path.Combine(_folder.Root, "home");

        Assert.Equal(["lab"], Names(_folder.Sources(given, variable, home)));
        Assert.Equal(["home"], Names(_folder.Sources(home: home)));
    }

    [Theory]
    [InlineData("contexts: [ {name: \n")]
    [InlineData("contexts: prod\n")]
    [InlineData("- a list\n")]
    [InlineData("contexts:\n- name:\n- {}\n- name: [a]\n- name: ok\n")]
    [InlineData("")]
    public void A_broken_file_is_an_error_that_names_it_never_an_exception(string text)
    {
        var file = _folder.Write("config", text);
        var names = Kubeconfig.ContextNames(_folder.Sources(file), out var error);
        if (text.Length == 0)
        {
            // An empty file is an empty kubeconfig, for kubectl too.
            Assert.Empty(names!);
            return;
        }

        Assert.Null(names);
        Assert.StartsWith($"cannot read the kubeconfig {file}: ", error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_kubeconfig_given_that_does_not_exist_is_an_error()
    {
        var missing = Path.Combine(_folder.Root, "missing");
        Assert.Null(Kubeconfig.ContextNames(_folder.Sources(missing), out var error));
        Assert.Equal($"the kubeconfig {missing} (from --kubeconfig) does not exist", error!.Message);
    }

    private static IReadOnlyList<string> Names(KubeconfigSources sources)
    {
        var names = Kubeconfig.ContextNames(sources, out var error);
        Assert.Null(error);
        return names!;
    }

    public void Dispose() => _folder.Dispose();
}
