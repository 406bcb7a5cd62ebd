using System.CommandLine;
using OpenMcf.Cli.Reports;

namespace OpenMcf.Cli.Commands;

/// <summary>A report file asked for with --report KIND=PATH.</summary>
internal sealed record ReportRequest(ReportKind Kind, string Path);

internal enum ReportKind
{
    Junit,
    Sarif,
}

/// <summary>What a command gives CI besides its output: --report files and GitHub Actions annotations.</summary>
/// <param name="Annotations">Where annotated paths are relative to; null: no annotations.</param>
internal sealed record CiSettings(IReadOnlyList<ReportRequest> Reports, ReportPaths? Annotations);

/// <summary>--report and --annotations, declared once for validate, check, plan and apply.</summary>
internal sealed class CiOptions
{
    public Option<string[]> Report { get; } = new("--report")
    {
        Description = "Also write a report of every document or route: junit=PATH (JUnit XML) or sarif=PATH (SARIF 2.1.0). "
            + "Repeatable.",
        HelpName = "kind=path",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string?> Annotations { get; } = new("--annotations")
    {
        Description = "github: also write every error and warning as a GitHub Actions workflow command (on stderr), "
            + "which the runner shows on the files; none: do not. (default: github when GITHUB_ACTIONS=true, else none)",
        HelpName = "github|none",
    };

    public CiOptions()
    {
        Report.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (Parse(token.Value) is null)
                {
                    result.AddError($"'{token.Value}' is not a report: use junit=PATH or sarif=PATH.");
                }
            }
        });
        Annotations.AcceptOnlyFromAmong("github", "none");
    }

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Report);
        command.Options.Add(Annotations);
    }

    /// <summary>The console a command writes to while its outcomes are recorded (and, with annotations, annotated).</summary>
    public static CliConsole Start(CliConsole console, string command, CiSettings settings)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(settings);
        return console with { Record = new RunRecord(command), Annotations = settings.Annotations };
    }

    public CiSettings Read(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var reports = (parseResult.GetValue(Report) ?? []).Select(Parse).OfType<ReportRequest>().ToList();
        var annotate = parseResult.GetValue(Annotations) switch
        {
            "github" => true,
            "none" => false,
            _ => string.Equals(Environment.GetEnvironmentVariable("GITHUB_ACTIONS"), "true", StringComparison.OrdinalIgnoreCase),
        };
        return new CiSettings(reports, annotate ? ReportPaths.FromEnvironment() : null);
    }

    private static ReportRequest? Parse(string value)
    {
        var equals = value.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || equals == value.Length - 1)
        {
            return null;
        }

        return value[..equals].ToLowerInvariant() switch
        {
            "junit" => new ReportRequest(ReportKind.Junit, value[(equals + 1)..]),
            "sarif" => new ReportRequest(ReportKind.Sarif, value[(equals + 1)..]),
            _ => null,
        };
    }
}
