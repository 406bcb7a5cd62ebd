using System.Text.Json.Nodes;
using OpenMcf.Cli.Commands;
using OpenMcf.Cli.Output;
using OpenMcf.TcpRoute.Validation;

namespace OpenMcf.Cli.Reports;

/// <summary>
/// The CI outputs written once a command has run, from its <see cref="RunRecord"/>: each --report file, and where GitHub
/// Actions provides them, $GITHUB_OUTPUT (apply: the routes applied) and $GITHUB_STEP_SUMMARY (a table of every entry).
/// </summary>
internal static class RunReports
{
    /// <summary>Applied routes, as the step outputs give them (a route pruned, failed or not accepted is not one).</summary>
    private static readonly HashSet<string> Applied = new(StringComparer.Ordinal) { "created", "configured", "unchanged" };

    /// <param name="routeOutputs">Write the applied routes to $GITHUB_OUTPUT (apply, not a dry run).</param>
    /// <returns>The command's outcome; a usage error when a report could not be written.</returns>
    public static Outcome Finish(CliConsole console, CiSettings ci, Outcome outcome, bool routeOutputs)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(ci);
        var record = console.Record ?? throw new ArgumentException("the console records nothing", nameof(console));
        var entries = record.Entries;
        var paths = ci.Annotations ?? ReportPaths.FromEnvironment();
        var written = true;
        foreach (var report in ci.Reports)
        {
            written &= Write(console, report, () =>
            {
                using var stream = File.Create(report.Path);
                if (report.Kind == ReportKind.Junit)
                {
                    JUnitReport.Write(stream, entries, paths, record.Elapsed, record.StartedAt);
                }
                else
                {
                    SarifReport.Write(stream, entries, paths, VersionCommand.Version, ruleHelp: StricterRules.Reasons);
                }
            });
        }

        if (routeOutputs && Environment.GetEnvironmentVariable("GITHUB_OUTPUT") is { Length: > 0 } output)
        {
            WriteOutputs(console, output, [.. entries.Where(e => Applied.Contains(e.Action) && e.Outcome != ReportOutcome.Failed)]);
        }

        if (entries.Count > 0 && Environment.GetEnvironmentVariable("GITHUB_STEP_SUMMARY") is { Length: > 0 } summary)
        {
            Append(console, summary, "$GITHUB_STEP_SUMMARY", () => File.AppendAllText(summary, StepSummary.Markdown(entries)));
        }

        return written ? outcome : CommandOutcome.Worst([outcome, Outcome.UsageError]);
    }

    /// <summary>routeName and namespace when one route was applied; routes, a JSON list, always.</summary>
    private static void WriteOutputs(CliConsole console, string file, IReadOnlyList<ReportEntry> applied)
    {
        var routes = new JsonArray([.. applied.Select(e => (JsonNode)new JsonObject
        {
            ["routeName"] = e.Name,
            ["namespace"] = e.Namespace,
            ["context"] = e.Context,
            ["action"] = e.Action,
        })]);
        Append(console, file, "$GITHUB_OUTPUT", () =>
        {
            if (applied is [var only])
            {
                GitHubOutputFile.Append(file, "routeName", only.Name);
                GitHubOutputFile.Append(file, "namespace", only.Namespace ?? string.Empty);
            }

            GitHubOutputFile.Append(file, "routes", routes.ToJsonString(JsonOutput.Compact));
        });
    }

    private static bool Write(CliConsole console, ReportRequest report, Action write)
    {
        try
        {
            write();
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            DiagnosticWriter.Error(
                console,
                $"cannot write the {report.Kind.ToString().ToLowerInvariant()} report to {report.Path}: {e.Message}; "
                    + "give a path in a folder that exists and can be written");
            return false;
        }
    }

    private static void Append(CliConsole console, string file, string what, Action append)
    {
        try
        {
            append();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            DiagnosticWriter.Warning(console, $"cannot write {what} ({file}): {e.Message}");
        }
    }
}
