using System.IO.Enumeration;

namespace OpenMcf.TcpRoute.Cluster;

/// <summary>
/// The clusters a run is asked to drive: --context (repeatable), --all-contexts and --context-pattern.
/// None of them: the run goes where each manifest's context label says, else to the current context.
/// </summary>
/// <param name="Contexts">Each --context, in the order given.</param>
/// <param name="AllContexts">--all-contexts: every context of the kubeconfig.</param>
/// <param name="Pattern">--context-pattern: a glob (<c>*</c>, <c>?</c>) that the context names must match.</param>
public sealed record ClusterSelection(IReadOnlyList<string> Contexts, bool AllContexts, string? Pattern)
{
    public static readonly ClusterSelection None = new([], false, null);

    /// <summary>Whether the flags name the clusters (and so override "each manifest's label, else the current context").</summary>
    public bool Selects => Contexts.Count > 0 || AllContexts || Pattern is not null;

    /// <summary>Whether the kubeconfig's list of contexts is needed to resolve the selection.</summary>
    public bool NeedsContextNames => AllContexts || Pattern is not null;

    /// <summary>
    /// The selected contexts, in kubeconfig order after the ones named by --context, each once; or a usage problem.
    /// --all-contexts takes every context, narrowed by the pattern when one is given; a pattern alone takes the
    /// contexts it matches; --context names are added as given (a name the kubeconfig lacks fails on its own cluster).
    /// </summary>
    /// <param name="known">The kubeconfig's contexts, in file order; only read when <see cref="NeedsContextNames"/>.</param>
    public IReadOnlyList<string> Resolve(IReadOnlyList<string> known, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(known);
        problem = null;
        var selected = new List<string>();
        foreach (var name in Contexts.Where(c => !selected.Contains(c, StringComparer.Ordinal)))
        {
            if (name.Length == 0)
            {
                problem = "--context needs a context name";
                return [];
            }

            selected.Add(name);
        }

        if (!NeedsContextNames)
        {
            return selected;
        }

        var matching = known.Where(Matches).ToList();
        if (matching.Count == 0)
        {
            problem = known.Count == 0
                ? "the kubeconfig has no contexts to select"
                : $"--context-pattern \"{Pattern}\" matches none of the kubeconfig's contexts ({string.Join(", ", known)})";
            return [];
        }

        selected.AddRange(matching.Where(c => !selected.Contains(c, StringComparer.Ordinal)));
        return selected;
    }

    private bool Matches(string context) =>
        Pattern is null || FileSystemName.MatchesSimpleExpression(Pattern, context, ignoreCase: false);
}
