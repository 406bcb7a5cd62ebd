using System.CommandLine;
using System.Globalization;
using OpenMcf.Cli.Fleet;
using OpenMcf.TcpRoute.Cluster;

namespace OpenMcf.Cli.Commands;

/// <summary>The cluster options of apply, plan and destroy, declared once (kubectl's names and meanings).</summary>
internal sealed class ClusterOptions
{
    public Option<string?> Kubeconfig { get; } = new("--kubeconfig")
    {
        Description = "Path to the kubeconfig file. "
            + "Default: KUBECONFIG (several files, merged), then ~/.kube/config, then the in-cluster service account.",
    };

    public Option<string[]> Context { get; } = new("--context")
    {
        Description = "A kubeconfig context to drive; repeat it for several clusters. A manifest labelled "
            + "kubernetes.openmcf.org/context (or kubernetes.planton.dev/context) goes only to that context, when selected. "
            + "Default: each manifest's label, then the current context.",
        HelpName = "name",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<bool> AllContexts { get; } = new("--all-contexts")
    {
        Description = "Drive every context of the kubeconfig (narrowed by --context-pattern).",
    };

    public Option<string?> ContextPattern { get; } = new("--context-pattern")
    {
        Description = "Drive the kubeconfig's contexts whose names match this glob (* and ?), e.g. 'prod-*'.",
        HelpName = "glob",
    };

    public Option<int> ClusterConcurrency { get; } = new("--cluster-concurrency")
    {
        Description = "How many clusters to drive at once; each has its own connection and --concurrency routes in flight. "
            + "(default: 4)",
        DefaultValueFactory = _ => DefaultClusterConcurrency,
        HelpName = "n",
    };

    public Option<TimeSpan> RequestTimeout { get; } = CommonOptions.Duration(
        "--request-timeout",
        "How long to wait for each API server request (30s, 2m, 500ms; 0 waits forever). (default: 30s)",
        ConnectionSettings.DefaultRequestTimeout,
        allowZero: true);

    public Option<string?> ApiVersion { get; } = new("--api-version")
    {
        Description = "The TCPRoute version to use (v1alpha2 or v1) instead of choosing from what the cluster serves.",
        HelpName = "version",
    };

    public Option<int> Concurrency { get; } = new("--concurrency")
    {
        Description = "How many routes to send at once. (default: 8)",
        DefaultValueFactory = _ => 8,
    };

    public Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Print the context, server and kind of credentials used, and every API request with its answer and time, "
            + "on stderr. Credentials are never printed.",
    };

    /// <summary>
    /// Clusters driven at once. Each cluster's work is mostly waiting on its API server, so more clusters than cores
    /// overlap well; four keeps 4 x 8 requests in flight at the default --concurrency, which two cores still answer.
    /// </summary>
    public const int DefaultClusterConcurrency = 4;

    public IEnumerable<Option> All =>
        [Kubeconfig, Context, AllContexts, ContextPattern, RequestTimeout, ApiVersion, Concurrency, ClusterConcurrency, Verbose];

    public ClusterOptions()
    {
        ClusterConcurrency.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError("--cluster-concurrency must be 1 or more.");
            }
        });
    }

    /// <summary>Adds the input options first and the cluster options last, so every command's help reads the same.</summary>
    public static void AddTo(Command command, InputOptions inputs, ClusterOptions? cluster)
    {
        foreach (var (option, i) in inputs.All.Select((o, i) => (o, i)))
        {
            command.Options.Insert(i, option);
        }

        foreach (var option in cluster?.All ?? [])
        {
            command.Options.Add(option);
        }

        ContextCompletion.Offer(cluster?.Context, cluster?.Kubeconfig);
    }

    /// <summary>
    /// The settings every cluster operation shares, for no context in particular (each cluster of the run gets its own,
    /// see <see cref="Fleet"/>); the process gets a thread per request in flight.
    /// </summary>
    public RunSettings Settings(ParseResult parseResult, CliConsole console)
    {
        var concurrency = parseResult.GetValue(Concurrency);
        ProcessPolicy.ReserveThreads(Math.Max(1, concurrency) * Math.Max(1, parseResult.GetValue(ClusterConcurrency)));
        return new(Connection(parseResult, console), parseResult.GetValue(ApiVersion), concurrency);
    }

    /// <summary>Which clusters to drive, and how many at once.</summary>
    public FleetSettings Fleet(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var selection = new ClusterSelection(
            parseResult.GetValue(Context) ?? [],
            parseResult.GetValue(AllContexts),
            parseResult.GetValue(ContextPattern));
        return new FleetSettings(selection, Math.Max(1, parseResult.GetValue(ClusterConcurrency)));
    }

    private ConnectionSettings Connection(ParseResult parseResult, CliConsole console)
    {
        var timeout = parseResult.GetValue(RequestTimeout);
        var trace = parseResult.GetValue(Verbose) ? TextWriter.Synchronized(console.Error) : null;
        return new ConnectionSettings(
            parseResult.GetValue(Kubeconfig),
            null,
            timeout == TimeSpan.Zero ? Timeout.InfiniteTimeSpan : timeout,
            trace);
    }
}
