using OpenMcf.TcpRoute.Cluster;

namespace OpenMcf.Cli.Output;

/// <summary>destroy's words: deleted, or already absent.</summary>
internal sealed class DestroyResults(bool serverDryRun) : IResultFormat<Destroyed>
{
    public string? DryRun => serverDryRun ? "server" : null;

    public string Verb(Destroyed value) => value.Action == DestroyAction.Absent ? "already absent" : "deleted";

    public string Action(Destroyed value) => value.Action.ToString().ToLowerInvariant();
}
