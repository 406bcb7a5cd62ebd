using System.Diagnostics;
using System.Globalization;
using OpenMcf.TcpRoute.Cluster;

namespace OpenMcf.Cli.Output;

/// <summary>
/// One updating line on stderr while a long batch runs: "1200/10000 routes, 950/s". Only on a
/// terminal and with text output (never in a pipe, a log or beside -o json|yaml), only once a run
/// has taken a second, at most ten times a second; wiped when the batch ends.
/// </summary>
internal sealed class ProgressLine : IDisposable
{
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(100);

    private readonly TextWriter _error;
    private readonly Func<TimeSpan> _clock;
    private readonly Lock _gate = new();
    private TimeSpan? _last;
    private int _width;

    internal ProgressLine(TextWriter error, Func<TimeSpan> clock)
    {
        _error = error;
        _clock = clock;
    }

    /// <summary>A progress line on the runner's batches when the console and output allow one; null otherwise.</summary>
    public static ProgressLine? Attach(CliConsole console, OutputFormat output, RouteRunner runner)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(runner);
        if (!console.ErrorIsTerminal || output != OutputFormat.Text)
        {
            return null;
        }

        var watch = Stopwatch.StartNew();
        var line = new ProgressLine(console.Error, () => watch.Elapsed);
        runner.Progress = line.Report;
        return line;
    }

    public void Report(int done, int total)
    {
        var now = _clock();
        if (done >= total)
        {
            // The batch is over: the line goes before any result is printed.
            Dispose();
            return;
        }

        lock (_gate)
        {
            if (now < Quiet || (_last is { } last && now - last < Every))
            {
                return;
            }

            _last = now;
            var rate = done / now.TotalSeconds;
            var text = string.Create(CultureInfo.InvariantCulture, $"{done}/{total} routes, {rate:0}/s");
            _error.Write($"\r{text.PadRight(_width)}");
            _width = text.Length;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_width > 0)
            {
                _error.Write($"\r{new string(' ', _width)}\r");
                _width = 0;
            }
        }
    }
}
