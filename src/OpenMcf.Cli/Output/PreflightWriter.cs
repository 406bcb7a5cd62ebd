using System.Text.Json.Nodes;
using OpenMcf.TcpRoute.Cluster;
using OpenMcf.TcpRoute.Validation;

namespace OpenMcf.Cli.Output;

/// <summary>Prints preflight findings on stderr (connection failures once), and for check also a line per route on stdout.</summary>
internal static class PreflightWriter
{
    public static void WriteFindings(CliConsole console, IReadOnlyList<RouteResult<Checked>> results)
    {
        foreach (var group in results.Where(r => r.Error is not null).GroupBy(r => r.Error!.Message))
        {
            DiagnosticWriter.Error(console, $"preflight: {group.Key}");
        }

        DiagnosticWriter.Write(console, results.SelectMany(Findings));
    }

    public static void WriteSummary(CliConsole console, OutputFormat output, IReadOnlyList<RouteResult<Checked>> results)
    {
        foreach (var result in results)
        {
            console.Tally?.Add(result.HasErrors() ? "with errors" : "ok");
        }

        Record(console, results);

        if (output != OutputFormat.Text)
        {
            var json = new JsonArray(results.Select(r => (JsonNode)new JsonObject
            {
                ["kind"] = "KubernetesTcpRoute",
                ["name"] = r.Route.Name,
                ["namespace"] = r.Route.Namespace,
                ["ok"] = !r.HasErrors(),
                ["findings"] = JsonOutput.Diagnostics(Findings(r)),
                ["error"] = r.Error?.Message,
            }).ToArray<JsonNode?>());
            console.Out.Write(output == OutputFormat.Json ? json.ToJsonString(JsonOutput.Indented) + "\n" : YamlText.Write([json]));
            return;
        }

        foreach (var result in results)
        {
            var errors = Findings(result).Count(f => f.Severity == Severity.Error) + (result.Error is null ? 0 : 1);
            var warnings = Findings(result).Count(f => f.Severity == Severity.Warning);
            var verdict = (errors, warnings) switch
            {
                (0, 0) => "ok",
                (0, var w) => $"ok, {w} warning{(w == 1 ? string.Empty : "s")}",
                var (e, w) => $"{e} error{(e == 1 ? string.Empty : "s")}"
                    + $"{(w == 0 ? string.Empty : $", {w} warning{(w == 1 ? string.Empty : "s")}")}",
            };
            console.Out.WriteLine(
                $"tcproute.gateway.networking.k8s.io/{result.Route.Name} {verdict} (namespace {result.Route.Namespace})");
        }
    }

    /// <summary>Each route's preflight, for the CI reports: check's results, and apply's when preflight stopped it.</summary>
    public static void Record(CliConsole console, IReadOnlyList<RouteResult<Checked>> results)
    {
        if (console.Record is not { } record)
        {
            return;
        }

        foreach (var result in results)
        {
            record.Add(Reports.ReportEntries.ForChecked(record.Command, console.Context, result));
        }
    }

    private static IReadOnlyList<Diagnostic> Findings(RouteResult<Checked> result) => result.Value?.Findings ?? [];
}
