using System.Diagnostics;

namespace OpenMcf.TcpRoute.Tests.Cli;

/// <summary>
/// The fish completion script run by a real fish: the script the built program prints is sourced, and fish's own
/// <c>complete -C</c> says what TAB would offer, asking the real program found on PATH as a user's shell finds it.
/// </summary>
public sealed class FishCompletionTests
{
    [Theory]
    [InlineData("openmcf ap", "apply")]
    [InlineData("openmcf apply --dry", "--dry-run")]
    [InlineData("openmcf apply -o ", "json text yaml")]
    [InlineData("openmcf apply --dry-run ", "client none server")]
    [InlineData("openmcf destroy --dry-run ", "none server")]
    [InlineData("openmcf completion ", "bash fish pwsh zsh")]
    public async Task Fish_completes_commands_options_and_their_values(string typed, string expected)
    {
        var fish = Environment.GetEnvironmentVariable("PATH")?.Split(Path.PathSeparator)
            .Select(folder => Path.Combine(folder, "fish"))
            .FirstOrDefault(File.Exists);
        if (fish is null)
        {
            // CI installs fish (.ci/run); a developer without it is told, and CI fails rather than skips.
            Assert.SkipWhen(!string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase),
                "fish is not installed: the fish script was not run");
            Assert.Fail("fish is not installed, and CI=true: install it (apt-get install fish)");
        }

        var start = new ProcessStartInfo(fish, ["--no-config", "-c", "openmcf completion fish | source; complete -C $argv[1]", typed])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["PATH"] = AppContext.BaseDirectory + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        using var process = Process.Start(start)!;
        var stdout = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.True(process.ExitCode == 0, $"fish exited {process.ExitCode}: {stderr}");
        var candidates = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t')[0])
            .Order(StringComparer.Ordinal);
        Assert.Equal(expected.Split(' '), candidates);
    }
}
