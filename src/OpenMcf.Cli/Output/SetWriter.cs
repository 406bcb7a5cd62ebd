using OpenMcf.TcpRoute.Cluster;

namespace OpenMcf.Cli.Output;

/// <summary>What prune has to say beside the routes it deleted, on stderr, the same for apply, plan and destroy.</summary>
internal static class SetWriter
{
    public static void WriteProblems(CliConsole console, PruneReport? prune)
    {
        if (prune is null)
        {
            return;
        }

        if (prune.HeldBack is { } heldBack)
        {
            DiagnosticWriter.Error(console, heldBack);
        }

        foreach (var error in prune.Errors.Distinct())
        {
            DiagnosticWriter.Error(console, error.Message);
        }

        foreach (var route in prune.NotApplied)
        {
            DiagnosticWriter.Warning(
                console,
                $"tcproute {route} carries the set's label, but no apply of this field manager put it there; it was not deleted");
        }
    }
}
