using System.Text.Json;
using System.Text.Json.Nodes;
using OpenMcf.Cli.Output;

namespace OpenMcf.Cli.Fleet;

/// <summary>What one cluster of a run did: its outcome and what it wrote, kept apart until every cluster is done.</summary>
/// <param name="Name">The kube context's name.</param>
/// <param name="Server">The context's API server URL; null when the kubeconfig could not say.</param>
internal sealed record ClusterDone(string Name, string? Server, Outcome Outcome, string Stdout, string Stderr, ResultTally Tally);

/// <summary>
/// Prints a run over several clusters: each cluster's diagnostics and results under its name, a summary per cluster
/// and one over all; with -o json|yaml, one document of every route, each with its context and server. Which clusters
/// failed, and why, is said once, last, on stderr.
/// </summary>
internal static class FleetReport
{
    public static void Write(CliConsole console, OutputFormat output, IReadOnlyList<ClusterDone> clusters)
    {
        ArgumentNullException.ThrowIfNull(clusters);

        // One cluster (-o json|yaml goes through here too) reads as a run without fleet flags: no headings, no verdict.
        var several = clusters.Count > 1;
        foreach (var cluster in clusters)
        {
            if (cluster.Stderr.Length > 0)
            {
                if (several)
                {
                    console.Error.WriteLine($"{Heading(cluster)}:");
                }

                console.Error.Write(cluster.Stderr);
            }

            if (output == OutputFormat.Text)
            {
                console.Out.WriteLine($"{Heading(cluster)}:");
                console.Out.Write(cluster.Stdout);
                console.Out.WriteLine(Summary(cluster));
                console.Out.WriteLine();
            }
        }

        switch (output)
        {
            case OutputFormat.Json:
                console.Out.WriteLine(Merged(clusters).ToJsonString(JsonOutput.Indented));
                break;
            case OutputFormat.Yaml:
                console.Out.Write(YamlText.Write([Merged(clusters)]));
                break;
            default:
                console.Out.WriteLine(Overall(clusters));
                break;
        }

        var failed = clusters.Where(c => Failed(c.Outcome)).ToList();
        if (several && failed.Count > 0)
        {
            // Each cluster's own errors were annotated where they were written; this line only sums them up.
            var which = string.Join("; ", failed.Select(c => $"{c.Name} ({Reason(c)})"));
            DiagnosticWriter.Error(console, $"{failed.Count} of {clusters.Count} clusters failed: {which}", annotate: false);
        }
    }

    /// <summary>"staging: ok; 2 routes: 1 created, 1 unchanged", or "prod: failed" when it got no route results.</summary>
    public static string Summary(ClusterDone cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var routes = cluster.Tally.Total > 0 ? $"; {cluster.Tally.Summary()}" : string.Empty;
        return $"{cluster.Name}: {Word(cluster.Outcome)}{routes}";
    }

    /// <summary>"3 clusters: 2 ok, 1 failed; 4 routes: 3 created, 1 failed".</summary>
    public static string Overall(IReadOnlyList<ClusterDone> clusters)
    {
        ArgumentNullException.ThrowIfNull(clusters);
        var words = clusters.GroupBy(c => Word(c.Outcome)).Select(g => $"{g.Count()} {g.Key}");
        var all = new ResultTally();
        foreach (var cluster in clusters)
        {
            all.AddAll(cluster.Tally);
        }

        var routes = all.Total > 0 ? $"; {all.Summary()}" : string.Empty;
        return $"{clusters.Count} cluster{(clusters.Count == 1 ? string.Empty : "s")}: {string.Join(", ", words)}{routes}";
    }

    /// <summary>Every cluster's route results in one array, each with its context and server.</summary>
    public static JsonArray Merged(IReadOnlyList<ClusterDone> clusters)
    {
        ArgumentNullException.ThrowIfNull(clusters);
        var merged = new JsonArray();
        foreach (var cluster in clusters.Where(c => !string.IsNullOrWhiteSpace(c.Stdout)))
        {
            if (JsonNode.Parse(cluster.Stdout) is not JsonArray routes)
            {
                throw new JsonException($"the results of context {cluster.Name} are not a JSON array");
            }

            foreach (var route in routes.ToList())
            {
                routes.Remove(route);
                if (route is JsonObject o)
                {
                    o["context"] = cluster.Name;
                    o["server"] = cluster.Server;
                }

                merged.Add(route);
            }
        }

        return merged;
    }

    /// <summary>A cluster that did not do what was asked; a plan with changes or a status not in step is an answer.</summary>
    public static bool Failed(Outcome outcome) => outcome is not (Outcome.Success or Outcome.ChangesPending or Outcome.NotInStep);

    private static string Heading(ClusterDone cluster) =>
        cluster.Server is null ? $"context {cluster.Name}" : $"context {cluster.Name} ({cluster.Server})";

    private static string Word(Outcome outcome) => outcome switch
    {
        Outcome.Success => "ok",
        Outcome.ChangesPending => "changes pending",
        Outcome.NotInStep => "not in step",
        Outcome.WaitFailed => "not accepted",
        Outcome.HeldBack => "held back",
        Outcome.Conflict => "conflict",
        Outcome.Interrupted => "interrupted",
        _ => "failed",
    };

    /// <summary>Why a cluster failed: the first error it reported, as the user saw it above.</summary>
    private static string Reason(ClusterDone cluster)
    {
        const string prefix = "error: ";
        var first = cluster.Stderr.Split('\n')
            .Select(DiagnosticWriter.Plain)
            .FirstOrDefault(line => line.StartsWith(prefix, StringComparison.Ordinal));
        return first is null ? Word(cluster.Outcome) : first[prefix.Length..].TrimEnd('\r');
    }
}
