using System.CommandLine;
using System.CommandLine.Completions;
using OpenMcf.TcpRoute.Cluster;

namespace OpenMcf.Cli.Commands;

/// <summary>Completes --context with the context names of the kubeconfig the command would read.</summary>
internal static class ContextCompletion
{
    /// <summary>
    /// Makes <paramref name="context"/> complete from the kubeconfig: the file of <paramref name="kubeconfig"/> when it is
    /// given earlier on the line, else KUBECONFIG, else ~/.kube/config. Does nothing for a command without cluster options.
    /// </summary>
    public static void Offer(Option? context, Option<string?>? kubeconfig)
    {
        if (context is null || kubeconfig is null)
        {
            return;
        }

        context.CompletionSources.Add(completion =>
            (Kubeconfig.ContextNames(KubeconfigSources.FromEnvironment(Given(completion.ParseResult, kubeconfig)), out _) ?? [])
                .Select(name => new CompletionItem(name)));
    }

    /// <summary>The --kubeconfig typed so far, as the shell would pass it: the shell has not expanded a leading ~ yet.</summary>
    private static string? Given(ParseResult parseResult, Option<string?> kubeconfig)
    {
        var path = parseResult.GetResult(kubeconfig)?.Tokens is [.., var last] ? last.Value : null;
        return path is ['~', '/', ..]
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path[2..])
            : path;
    }
}
