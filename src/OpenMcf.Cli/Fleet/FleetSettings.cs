using OpenMcf.Cli.Output;
using OpenMcf.TcpRoute.Cluster;
using OpenMcf.TcpRoute.Mapping;

namespace OpenMcf.Cli.Fleet;

/// <summary>Which clusters a run drives (--context, --all-contexts, --context-pattern), and how many at once.</summary>
internal sealed record FleetSettings(ClusterSelection Selection, int ClusterConcurrency)
{
    public static readonly FleetSettings One = new(ClusterSelection.None, 1);
}

/// <summary>One cluster's share of a run, as a command's cluster pipeline gets it.</summary>
/// <param name="Console">Where the pipeline writes: the process's console for a lone cluster, else its own buffers.</param>
/// <param name="Settings">The run's settings with this cluster's context.</param>
/// <param name="Requests">The routes this cluster gets (see <see cref="RoutePlacement"/>).</param>
/// <param name="Output">The format to write results in (JSON when the fleet merges them).</param>
internal sealed record ClusterRun(CliConsole Console, RunSettings Settings, IReadOnlyList<RouteRequest> Requests, OutputFormat Output)
{
    /// <summary>The cluster is one the flags (--context, --all-contexts, --context-pattern) selected.</summary>
    public bool Selected { get; init; }
}
