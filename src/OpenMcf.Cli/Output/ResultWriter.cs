using System.Text.Json.Nodes;
using OpenMcf.TcpRoute.Cluster;
using OpenMcf.TcpRoute.Mapping;
using OpenMcf.TcpRoute.Validation;

namespace OpenMcf.Cli.Output;

/// <summary>
/// Prints the results of apply, plan and destroy: every route on stdout (text, json or yaml),
/// every error, warning and note on stderr. What the command ended with is decided apart, by
/// <see cref="CommandOutcome"/>.
/// </summary>
internal static class ResultWriter
{
    private const string Resource = "tcproute.gateway.networking.k8s.io";

    public static void Write(
        CliConsole console, RouteOperation operation, OutputFormat output, bool serverDryRun, IReadOnlyList<RouteResult> results) =>
        Write(console, operation, output, serverDryRun, results, new Dictionary<RouteResult, WaitOutcome>());

    public static void Write(
        CliConsole console,
        RouteOperation operation,
        OutputFormat output,
        bool serverDryRun,
        IReadOnlyList<RouteResult> results,
        IReadOnlyDictionary<RouteResult, WaitOutcome> waits)
    {
        WriteDiagnostics(console, results);
        foreach (var (result, wait) in waits.Where(w => !w.Value.Accepted))
        {
            DiagnosticWriter.Error(console, $"{result.Request.Name} was not accepted: {wait.Problem}");
        }

        switch (output)
        {
            case OutputFormat.Json:
                console.Out.WriteLine(ToJson(operation, serverDryRun, results, waits).ToJsonString(JsonOutput.Indented));
                break;
            case OutputFormat.Yaml:
                console.Out.Write(YamlText.Write([ToJson(operation, serverDryRun, results, waits)]));
                break;
            default:
                WriteText(console, operation, serverDryRun, results, waits);
                break;
        }

    }

    private static void WriteDiagnostics(CliConsole console, IReadOnlyList<RouteResult> results)
    {
        foreach (var note in results.Select(r => r.Note).OfType<string>().Distinct())
        {
            console.Error.WriteLine($"note: {note}");
        }

        foreach (var warning in results.SelectMany(r => r.Outcome.Warnings).Distinct())
        {
            console.Error.WriteLine($"warning: API server: {warning}");
        }

        // A connection or discovery failure is the same for every route of a context: say it once.
        foreach (var group in results.Where(r => r.Failed).GroupBy(r => r.Outcome.Error!.Message))
        {
            var failed = group.ToList();
            if (failed.Count > 1 && failed[0].Outcome.Error!.Kind != ClusterErrorKind.Rejected)
            {
                var names = string.Join(", ", failed.Take(5).Select(r => r.Request.Name)) + (failed.Count > 5 ? ", ..." : string.Empty);
                DiagnosticWriter.Error(console, $"{group.Key} ({failed.Count} routes: {names})");
                continue;
            }

            foreach (var result in failed)
            {
                var document = result.Request.Document;
                var error = result.Outcome.Error!;
                DiagnosticWriter.Error(console, $"{result.Request.Name} ({document.Location}): {error.Message}");
                if (error.Kind == ClusterErrorKind.Rejected)
                {
                    // Point at the manifest lines the server's complaints come from.
                    DiagnosticWriter.Write(console, error.Causes.Select(c =>
                    {
                        var path = RouteFieldPaths.ToManifestPath(c.Field);
                        return Diagnostic.Error(document.SourceMap.Locate(path), path, $"{c.Message} (rejected by the API server)");
                    }));
                }
            }
        }
    }

    private static void WriteText(
        CliConsole console,
        RouteOperation operation,
        bool serverDryRun,
        IReadOnlyList<RouteResult> results,
        IReadOnlyDictionary<RouteResult, WaitOutcome> waits)
    {
        var suffix = serverDryRun && operation != RouteOperation.Plan ? " (server dry run)" : string.Empty;
        foreach (var result in results)
        {
            var name = result.Request.Name;
            var ns = result.Request.Namespace;
            var verb = Verb(operation, result);
            console.Out.WriteLine($"{Resource}/{name} {verb} (namespace {ns}){suffix}");
            if (result.Failed)
            {
                continue;
            }

            if (operation == RouteOperation.Plan)
            {
                foreach (var change in result.Outcome.Changes)
                {
                    console.Out.WriteLine(ChangeLine(change));
                }
            }
            else if (operation == RouteOperation.Apply)
            {
                console.Out.WriteLine($"routeName: {name}");
                console.Out.WriteLine($"namespace: {ns}");
                if (waits.TryGetValue(result, out var wait))
                {
                    foreach (var parent in wait.Parents)
                    {
                        console.Out.WriteLine($"  parent {parent.Parent}: {ParentWords(parent)}");
                    }

                    if (wait.Parents.Count == 0)
                    {
                        console.Out.WriteLine($"  {(wait.TimedOut ? "timed out" : "not accepted")}: {wait.Problem}");
                    }
                }
            }
        }

        if (results.Count > 1)
        {
            var counts = results.GroupBy(r => Verb(operation, r)).Select(g => $"{g.Count()} {g.Key}");
            console.Out.WriteLine($"{results.Count} routes: {string.Join(", ", counts)}");
        }
    }

    private static string ParentWords(ParentState parent)
    {
        var by = parent.Controller is null ? string.Empty : $" (by {parent.Controller})";
        if (parent.Reason is not null)
        {
            return $"rejected, {parent.Reason}: {parent.Explanation}{by}";
        }

        return parent.Accepted && parent.ResolvedRefs ? $"Accepted, ResolvedRefs{by}" : $"pending: {parent.Explanation}{by}";
    }

    private static string Verb(RouteOperation operation, RouteResult result)
    {
        if (result.Failed)
        {
            return FailureWord(result);
        }

        return (operation, result.Outcome.Action) switch
        {
            (RouteOperation.Plan, RouteAction.Created) => "would be created",
            (RouteOperation.Plan, RouteAction.Configured) => "would change",
            (RouteOperation.Plan, _) => "unchanged",
            (_, RouteAction.Absent) => "already absent",
            (_, var action) => action.ToString().ToLowerInvariant(),
        };
    }

    // Ctrl-C leaves routes that were never sent or never answered: "interrupted", so that the
    // summary separates them from routes the cluster refused.
    private static string FailureWord(RouteResult result) =>
        result.Outcome.Error!.Kind == ClusterErrorKind.Interrupted ? "interrupted" : "failed";

    private static string ChangeLine(FieldChange change) => (change.Before, change.After) switch
    {
        (null, var after) => $"  + {change.Path}: {Show(after)}",
        (var before, null) => $"  - {change.Path}: {Show(before)}",
        var (before, after) => $"  ~ {change.Path}: {Show(before)} -> {Show(after)}",
    };

    private static string Show(JsonNode? node) => node?.ToJsonString(JsonOutput.Compact) ?? "null";

    private static JsonArray ToJson(
        RouteOperation operation,
        bool serverDryRun,
        IReadOnlyList<RouteResult> results,
        IReadOnlyDictionary<RouteResult, WaitOutcome> waits) =>
        new(results.Select(r => (JsonNode)ToJson(operation, serverDryRun, r, waits.GetValueOrDefault(r))).ToArray<JsonNode?>());

    private static JsonObject ToJson(RouteOperation operation, bool serverDryRun, RouteResult result, WaitOutcome? wait)
    {
        var o = new JsonObject
        {
            ["kind"] = "KubernetesTcpRoute",
            ["name"] = result.Request.Name,
            ["action"] = result.Failed ? FailureWord(result) : ActionWord(operation, result.Outcome.Action),
            ["apiVersion"] = result.ApiVersion,
            ["outputs"] = result.Failed
                ? null
                : new JsonObject { ["routeName"] = result.Request.Name, ["namespace"] = result.Request.Namespace },
            ["file"] = result.Request.Document.Location.File,
            ["line"] = result.Request.Document.Location.Line,
        };
        if (serverDryRun || operation == RouteOperation.Plan)
        {
            o["dryRun"] = "server";
        }

        if (operation == RouteOperation.Plan && !result.Failed)
        {
            o["changes"] = new JsonArray(result.Outcome.Changes.Select(c => (JsonNode)new JsonObject
            {
                ["path"] = c.Path,
                ["before"] = c.Before?.DeepClone(),
                ["after"] = c.After?.DeepClone(),
            }).ToArray<JsonNode?>());
        }

        if (wait is not null)
        {
            o["wait"] = new JsonObject
            {
                ["accepted"] = wait.Accepted,
                ["timedOut"] = wait.TimedOut,
                ["problem"] = wait.Problem,
                ["parents"] = new JsonArray(wait.Parents.Select(p => (JsonNode)new JsonObject
                {
                    ["parent"] = p.Parent,
                    ["controller"] = p.Controller,
                    ["accepted"] = p.Accepted,
                    ["resolvedRefs"] = p.ResolvedRefs,
                    ["reason"] = p.Reason,
                    ["explanation"] = p.Explanation,
                }).ToArray<JsonNode?>()),
            };
        }

        if (result.Outcome.Error is { } error)
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

    private static string ActionWord(RouteOperation operation, RouteAction action) => (operation, action) switch
    {
        (RouteOperation.Plan, RouteAction.Created) => "create",
        (RouteOperation.Plan, RouteAction.Configured) => "change",
        (RouteOperation.Plan, _) => "none",
        (_, var a) => a.ToString().ToLowerInvariant(),
    };
}
