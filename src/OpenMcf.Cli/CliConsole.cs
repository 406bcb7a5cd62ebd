namespace OpenMcf.Cli;

/// <summary>
/// The streams a command talks to. Results go to <see cref="Out"/>, diagnostics to
/// <see cref="Error"/>; tests pass string writers and run the real commands in-process.
/// </summary>
internal sealed record CliConsole(TextWriter Out, TextWriter Error, TextReader In, bool ColorErrors)
{
    /// <summary>stderr is a terminal: a long run may show its progress there (<see cref="Output.ProgressLine"/>).</summary>
    public bool ErrorIsTerminal { get; init; }

    /// <summary>
    /// Set for one cluster of a run over several: results are counted here, and the fleet prints the summaries
    /// (one per cluster, one over all) instead of each writer.
    /// </summary>
    public Output.ResultTally? Tally { get; init; }

    /// <summary>Where every document's or route's outcome is recorded for the CI outputs (--report, GitHub); null: nowhere.</summary>
    public Reports.RunRecord? Record { get; init; }

    /// <summary>--annotations github: every error and warning is also a workflow command, its path relative to this base.</summary>
    public Reports.ReportPaths? Annotations { get; init; }

    /// <summary>The kube context this console's results come from, in a run that talks to a cluster.</summary>
    public string? Context { get; init; }

    /// <summary>The process's console. Colour only on a terminal and only when NO_COLOR is unset (no-color.org).</summary>
    public static CliConsole FromProcess()
    {
        var color = !Console.IsErrorRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
        return new CliConsole(Console.Out, Console.Error, Console.In, color) { ErrorIsTerminal = !Console.IsErrorRedirected };
    }
}
