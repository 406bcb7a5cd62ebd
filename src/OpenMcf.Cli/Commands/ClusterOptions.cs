using System.CommandLine;
using System.Globalization;
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

    public Option<string?> Context { get; } = new("--context")
    {
        Description = "The kubeconfig context to use. "
            + "Default: the manifest's kubernetes.openmcf.org/context (or kubernetes.planton.dev/context) label, "
            + "then the current context.",
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

    public IEnumerable<Option> All => [Kubeconfig, Context, RequestTimeout, ApiVersion, Concurrency, Verbose];

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

    /// <summary>The settings every cluster operation shares; the process gets a thread per request in flight.</summary>
    public RunSettings Settings(ParseResult parseResult, CliConsole console)
    {
        var concurrency = parseResult.GetValue(Concurrency);
        ProcessPolicy.ReserveThreads(concurrency);
        return new(Connection(parseResult, console), parseResult.GetValue(ApiVersion), concurrency);
    }

    private ConnectionSettings Connection(ParseResult parseResult, CliConsole console)
    {
        var timeout = parseResult.GetValue(RequestTimeout);
        var trace = parseResult.GetValue(Verbose) ? TextWriter.Synchronized(console.Error) : null;
        return new ConnectionSettings(
            parseResult.GetValue(Kubeconfig),
            parseResult.GetValue(Context),
            timeout == TimeSpan.Zero ? Timeout.InfiniteTimeSpan : timeout,
            trace);
    }
}
