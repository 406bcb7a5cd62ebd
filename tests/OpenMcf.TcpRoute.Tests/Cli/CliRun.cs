using OpenMcf.Cli;

namespace OpenMcf.TcpRoute.Tests.Cli;

/// <summary>Runs the real command tree in-process with captured streams.</summary>
internal sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    public static async Task<CliRun> WithStdin(string stdin, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var console = new CliConsole(output, error, new StringReader(stdin), ColorErrors: false);
        var code = await OpenMcfCli.RunAsync(args, console, TestContext.Current.CancellationToken);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    public static Task<CliRun> Of(params string[] args) => WithStdin(string.Empty, args);

    /// <summary>Asserts the exit code, showing both streams when it differs.</summary>
    public CliRun Exits(int expected)
    {
        Assert.True(ExitCode == expected, $"expected exit {expected}, got {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
        return this;
    }
}
