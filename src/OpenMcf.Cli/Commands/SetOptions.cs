using System.CommandLine;
using OpenMcf.Cli.Fleet;
using OpenMcf.TcpRoute.Cluster;

namespace OpenMcf.Cli.Commands;

/// <summary>What --applyset and its companions ask for.</summary>
/// <param name="Prune">--prune: delete the set's members that no manifest declares.</param>
internal sealed record SetRequest(ApplySet ApplySet, bool Prune, bool AllowEmpty, int? MaxDeletions)
{
    /// <summary>--applyset as given.</summary>
    public required string Name { get; init; }

    /// <summary>--applyset-namespace was given: the parent's namespace is the same in every cluster.</summary>
    public bool NamespaceGiven { get; init; }

    /// <summary>
    /// The set in one cluster of a run. In clusters the flags select, without --applyset-namespace, the parent lives in
    /// that context's namespace (else "default"), as kubectl's -n would say, so each cluster of a fleet may hold it in
    /// another namespace. Without selecting flags, the current context's namespace, as before fleets: a set never moves
    /// because a manifest's label names its context. False, with the problem printed, when the namespace cannot hold it.
    /// </summary>
    public static bool TryIn(SetRequest? request, ClusterRun run, out SetRequest? set)
    {
        ArgumentNullException.ThrowIfNull(run);
        set = request;
        if (request is null || request.NamespaceGiven || !run.Selected)
        {
            return true;
        }

        var ns = SetOptions.ContextNamespace(run.Settings) ?? "default";
        var parsed = TcpRoute.Cluster.ApplySet.Parse(request.Name, ns, out var problem);
        if (parsed is null)
        {
            Output.DiagnosticWriter.Error(run.Console, $"the set's parent cannot live in namespace \"{ns}\" of the context: {problem}");
            return false;
        }

        set = request with { ApplySet = parsed };
        return true;
    }
}

/// <summary>
/// The set options, declared once: --applyset and --applyset-namespace on apply, plan, destroy and
/// status; --prune, --prune-allow-empty and --max-deletions where something can be pruned.
/// </summary>
internal sealed class SetOptions(bool prune)
{
    public Option<string?> ApplySet { get; } = new("--applyset")
    {
        Description = "Record the routes as an ApplySet (KEP-3659, as kubectl --applyset writes it) whose parent is the Secret "
            + "NAME (or secrets/NAME, configmaps/NAME).",
        HelpName = "name",
    };

    public Option<string?> Namespace { get; } = new("--applyset-namespace")
    {
        Description = "The namespace of the set's parent. Default: the kube context's namespace, else \"default\".",
        HelpName = "namespace",
    };

    public Option<bool> Prune { get; } = new("--prune")
    {
        Description = "After every route applied, delete the members of the --applyset that the manifests no longer declare. "
            + "Only routes labelled as members of this set are ever deleted.",
    };

    public Option<bool> AllowEmpty { get; } = new("--prune-allow-empty")
    {
        Description = "Let input files that hold no routes prune every member of the set (a directory without manifest files "
            + "and an empty standard input stay errors).",
    };

    public Option<int?> MaxDeletions { get; } = new("--max-deletions")
    {
        Description = "Delete nothing, and exit 7, when prune would delete more than N routes.",
        HelpName = "N",
    };

    public IEnumerable<Option> All => prune ? [ApplySet, Namespace, Prune, AllowEmpty, MaxDeletions] : [ApplySet, Namespace];

    /// <summary>
    /// Adds the set options to <paramref name="command"/>; with <paramref name="filesOptional"/>, -f becomes optional,
    /// since the set alone names routes (destroy, status).
    /// </summary>
    public void AddTo(Command command, InputOptions inputs, bool filesOptional)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(inputs);
        foreach (var option in All)
        {
            command.Options.Add(option);
        }

        if (filesOptional)
        {
            inputs.Files.Required = false;
            inputs.Files.Description += " Optional with --applyset.";
        }
    }

    /// <summary>The set and the inputs of a command that needs one or the other; the problem names what the files are for.</summary>
    public (SetRequest? Set, ManifestInputs Files) ReadWithInputs(
        ParseResult parseResult, RunSettings settings, InputOptions inputs, string needs, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var set = Read(parseResult, settings, out problem);
        var files = inputs.Read(parseResult);
        problem ??= set is null && files.Files.Length == 0 ? $"{needs} or --applyset NAME" : null;
        return (set, files);
    }

    /// <summary>
    /// The set asked for (null: none), or a usage problem. The parent's namespace defaults to the
    /// namespace of the kube context (as kubectl's -n does), else "default".
    /// </summary>
    public SetRequest? Read(ParseResult parseResult, RunSettings settings, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(settings);
        problem = null;
        var name = parseResult.GetValue(ApplySet);
        var pruning = prune && parseResult.GetValue(Prune);
        if (name is null)
        {
            problem = pruning || (prune && (parseResult.GetValue(AllowEmpty) || parseResult.GetValue(MaxDeletions) is not null))
                ? "--prune, --prune-allow-empty and --max-deletions need --applyset NAME: only the members of a set are ever pruned"
                : parseResult.GetValue(Namespace) is not null ? "--applyset-namespace needs --applyset NAME" : null;
            return null;
        }

        if (prune && parseResult.GetValue(MaxDeletions) is < 0)
        {
            problem = "--max-deletions must be 0 or more";
            return null;
        }

        var given = parseResult.GetValue(Namespace);
        var set = TcpRoute.Cluster.ApplySet.Parse(name, given ?? ContextNamespace(settings) ?? "default", out problem);
        return set is null
            ? null
            : new SetRequest(set, pruning, prune && parseResult.GetValue(AllowEmpty), prune ? parseResult.GetValue(MaxDeletions) : null)
            {
                Name = name,
                NamespaceGiven = given is not null,
            };
    }

    /// <summary>The namespace of the settings' kube context, if it names one.</summary>
    internal static string? ContextNamespace(RunSettings settings)
    {
        var loaded = Kubeconfig.Load(KubeconfigSources.FromEnvironment(settings.Connection.Kubeconfig), settings.Connection.Context);
        return loaded.Kubeconfig?.Namespace;
    }
}
