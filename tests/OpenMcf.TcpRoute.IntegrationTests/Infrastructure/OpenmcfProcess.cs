using System.Diagnostics;
using OpenMcf.TcpRoute.Tests.Cli;

namespace OpenMcf.TcpRoute.IntegrationTests.Infrastructure;

/// <summary>
/// The real program in its own process, for what in-process runs cannot show: process-wide state
/// such as the TLS set-up, the environment its child processes get, and signals.
/// </summary>
internal static class OpenmcfProcess
{
    public static ProcessStartInfo StartInfo(params string[] args)
    {
        // env restores SIGINT's default action: a test run started in the background by a shell
        // inherits SIGINT ignored, and so would openmcf.
        return new ProcessStartInfo(
            "env", ["--default-signal=INT", "dotnet", Path.Combine(AppContext.BaseDirectory, "openmcf.dll"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
    }

    public static Task<CliRun> RunAsync(CancellationToken cancellationToken, params string[] args) =>
        RunAsync(new Dictionary<string, string?>(), cancellationToken, args);

    /// <summary>Runs the program with <paramref name="environment"/> added to its own.</summary>
    public static Task<CliRun> RunAsync(
        IReadOnlyDictionary<string, string?> environment, CancellationToken cancellationToken, params string[] args) =>
        RunAsync(StartInfo(args), environment, cancellationToken);

    /// <summary>Runs any program (a script as a CI runner would run it) with <paramref name="environment"/> added to its own.</summary>
    public static async Task<CliRun> RunAsync(
        ProcessStartInfo start, IReadOnlyDictionary<string, string?> environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(environment);
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return new CliRun(process.ExitCode, await stdout, await stderr);
    }
}
