using System.Text.Json.Nodes;
using OpenMcf.TcpRoute.Cluster;
using OpenMcf.TcpRoute.Mapping;
using OpenMcf.TcpRoute.Validation;

namespace OpenMcf.Cli.Output;

/// <summary>
/// Prints the results of an operation over routes: every route on stdout (text, json or yaml),
/// every error, warning and note on stderr. The words particular to the operation come from its
/// <see cref="IResultFormat{T}"/>; what the command ended with is decided apart, by <see cref="CommandOutcome"/>.
/// </summary>
internal static class ResultWriter
{
    private const string Resource = "tcproute.gateway.networking.k8s.io";

    public static void Write<T>(CliConsole console, OutputFormat output, IResultFormat<T> format, IReadOnlyList<RouteResult<T>> results)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(format);
        WriteDiagnostics(console, results);
        foreach (var error in format.Errors(results))
        {
            DiagnosticWriter.Error(console, error);
        }

        foreach (var result in results)
        {
            console.Tally?.Add(Verb(format, result));
            if (console.Record is { } record)
            {
                var verb = Verb(format, result);
                record.Add(Reports.ReportEntries.ForRoute(record.Command, console.Context, result, verb, format.Problems(result)));
            }
        }

        switch (output)
        {
            case OutputFormat.Json:
                console.Out.WriteLine(ToJson(format, results).ToJsonString(JsonOutput.Indented));
                break;
            case OutputFormat.Yaml:
                console.Out.Write(YamlText.Write([ToJson(format, results)]));
                break;
            default:
                WriteText(console, format, results);
                break;
        }
    }

    private static void WriteDiagnostics<T>(CliConsole console, IReadOnlyList<RouteResult<T>> results)
        where T : class
    {
        // Warnings first: a note may answer one (the deprecated version, and the flag that avoids it).
        foreach (var warning in results.SelectMany(r => r.Warnings).Distinct())
        {
            console.Error.WriteLine($"warning: API server: {warning}");
        }

        foreach (var note in results.Select(r => r.Note).OfType<string>().Distinct())
        {
            console.Error.WriteLine($"note: {note}");
        }

        // A connection or discovery failure is the same for every route of a context: say it once.
        foreach (var group in results.Where(r => r.Failed).GroupBy(r => r.Error!.Message))
        {
            var failed = group.ToList();
            if (failed.Count > 1 && failed[0].Error!.Kind != ClusterErrorKind.Rejected)
            {
                var names = string.Join(", ", failed.Take(5).Select(r => r.Route.Name)) + (failed.Count > 5 ? ", ..." : string.Empty);
                DiagnosticWriter.Error(console, $"{group.Key} ({failed.Count} routes: {names})");
                continue;
            }

            foreach (var result in failed)
            {
                var document = result.Request?.Document;
                var error = result.Error!;
                var where = document is null ? result.Route.ToString() : document.Location.ToString();
                DiagnosticWriter.Error(console, $"{result.Route.Name} ({where}): {error.Message}");
                DiagnosticWriter.Write(console, RejectedCauses(result));
            }
        }
    }

    /// <summary>The server's complaints about a rejected route, at the manifest lines they come from.</summary>
    public static IEnumerable<Diagnostic> RejectedCauses<T>(RouteResult<T> result)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Error is not { Kind: ClusterErrorKind.Rejected } error || result.Request?.Document is not { } document)
        {
            return [];
        }

        return error.Causes.Select(c =>
        {
            var path = RouteFieldPaths.ToManifestPath(c.Field);
            return Diagnostic.Error(document.SourceMap.Locate(path), path, $"{c.Message} (rejected by the API server)");
        });
    }

    private static void WriteText<T>(CliConsole console, IResultFormat<T> format, IReadOnlyList<RouteResult<T>> results)
        where T : class
    {
        foreach (var result in results)
        {
            var (ns, name) = result.Route;
            console.Out.WriteLine($"{Resource}/{name} {Verb(format, result)} (namespace {ns}){format.Suffix}");
            if (!result.Failed)
            {
                foreach (var line in format.Details(result))
                {
                    console.Out.WriteLine(line);
                }
            }
        }

        // In a run over several clusters, the fleet prints the summaries from the tally.
        if (results.Count > 1 && console.Tally is null)
        {
            var counts = results.GroupBy(r => Verb(format, r)).Select(g => $"{g.Count()} {g.Key}");
            console.Out.WriteLine($"{results.Count} routes: {string.Join(", ", counts)}");
        }
    }

    private static string Verb<T>(IResultFormat<T> format, RouteResult<T> result)
        where T : class => result.Value is { } value ? format.Verb(value) : FailureWord(result.Error!);

    // Ctrl-C leaves routes that were never sent or never answered: "interrupted", so that the
    // summary separates them from routes the cluster refused.
    private static string FailureWord(ClusterError error) => error.Kind == ClusterErrorKind.Interrupted ? "interrupted" : "failed";

    private static JsonArray ToJson<T>(IResultFormat<T> format, IReadOnlyList<RouteResult<T>> results)
        where T : class => new(results.Select(r => (JsonNode)ToJson(format, r)).ToArray<JsonNode?>());

    private static JsonObject ToJson<T>(IResultFormat<T> format, RouteResult<T> result)
        where T : class
    {
        var o = new JsonObject
        {
            ["kind"] = "KubernetesTcpRoute",
            ["name"] = result.Route.Name,
            ["action"] = result.Value is { } value ? format.Action(value) : FailureWord(result.Error!),
            ["apiVersion"] = result.ApiVersion,
            ["outputs"] = result.Value is not { } done || !format.HasOutputs(done)
                ? null
                : new JsonObject { ["routeName"] = result.Route.Name, ["namespace"] = result.Route.Namespace },
            ["file"] = result.Request?.Document.Location.File,
            ["line"] = result.Request?.Document.Location.Line,
        };
        if (format.DryRun is { } dryRun)
        {
            o["dryRun"] = dryRun;
        }

        format.Describe(result, o);
        if (result.Error is { } error)
        {
            o["error"] = new JsonObject
            {
                ["reason"] = error.Kind.ToString(),
                ["message"] = error.Message,
                ["causes"] = new JsonArray(error.Causes
                    .Select(c => (JsonNode)new JsonObject { ["field"] = c.Field, ["message"] = c.Message })
                    .ToArray<JsonNode?>()),
            };
        }

        return o;
    }
}
