using System.Diagnostics;

namespace OpenMcf.Cli.Reports;

/// <summary>
/// What a command did to each document or route, collected as it is written (from any cluster of a run, so from any
/// thread), for the CI outputs that need all of it at the end: --report files, $GITHUB_OUTPUT and the step summary.
/// </summary>
internal sealed class RunRecord(string command)
{
    private readonly List<ReportEntry> _entries = [];
    private readonly Lock _lock = new();
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();

    /// <summary>The command, as the reports name it: validate, check, plan, apply.</summary>
    public string Command => command;

    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    public TimeSpan Elapsed => _elapsed.Elapsed;

    public IReadOnlyList<ReportEntry> Entries
    {
        get
        {
            lock (_lock)
            {
                return [.. _entries];
            }
        }
    }

    public void Add(ReportEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_lock)
        {
            _entries.Add(entry);
        }
    }
}
