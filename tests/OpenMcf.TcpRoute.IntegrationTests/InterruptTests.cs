using System.Diagnostics;
using System.Text.RegularExpressions;
using k8s;
using OpenMcf.TcpRoute.IntegrationTests.Infrastructure;

namespace OpenMcf.TcpRoute.IntegrationTests;

/// <summary>Ctrl-C (SIGINT) in the middle of a bulk apply: a clean stop, a summary of what was applied, exit 130.</summary>
public partial class InterruptTests(ClusterFixture cluster) : ClusterTest(cluster)
{
    private const int Routes = 500;

    [GeneratedRegex(@"^500 routes: (?<created>\d+) created, (?<interrupted>\d+) interrupted$")]
    private static partial Regex Summary();

    [Fact]
    public async Task Sigint_during_a_bulk_apply_stops_cleanly_with_a_summary_and_exit_130()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"openmcf-sigint-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            for (var i = 0; i < Routes; i++)
            {
                File.WriteAllText(Path.Combine(dir, $"route-{i:D3}.yaml"), File.ReadAllText(Route($"route-{i:D3}")));
            }

            using var process = Process.Start(OpenmcfProcess.StartInfo(
                "apply", "-f", dir, "--kubeconfig", Cluster.Kubeconfig, "--skip-preflight", "--concurrency", "1", "--verbose"))!;

            // --verbose prints each request as it is answered: signal once ten routes were applied.
            var (output, errors) = await InterruptAfterPatches(process, l => l.StartsWith("verbose: PATCH ", StringComparison.Ordinal), 30);

            Assert.True(process.ExitCode == 130, $"expected exit 130, got {process.ExitCode}\nstdout:\n{output}\nstderr:\n{errors}");
            Assert.DoesNotContain("   at ", errors, StringComparison.Ordinal);
            Assert.Contains("error: interrupted", errors, StringComparison.Ordinal);

            // Every route is listed; those reported created exist; the rest were not all sent.
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var summary = Summary().Match(lines[^1]);
            Assert.True(summary.Success, $"no summary line at the end of stdout:\n{output}");
            var created = int.Parse(summary.Groups["created"].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(created, 10, Routes - 1);
            Assert.Equal(
                Routes - created, int.Parse(summary.Groups["interrupted"].Value, System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(Routes, lines.Count(l => l.StartsWith("tcproute.gateway.networking.k8s.io/", StringComparison.Ordinal)));
            foreach (var name in lines
                .Where(l => l.EndsWith($" created (namespace {Namespace})", StringComparison.Ordinal))
                .Select(l => l.Split(' ')[0].Split('/')[1]))
            {
                Assert.NotNull(await LiveRoute(name));
            }

            // At most the routes in flight at the signal were applied without being reported.
            Assert.InRange(await LiveCount(), created, created + 1);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Sigint_during_an_apply_of_a_set_gives_the_sets_lease_up()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"openmcf-sigint-set-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            for (var i = 0; i < 200; i++)
            {
                File.WriteAllText(Path.Combine(dir, $"route-{i:D3}.yaml"), File.ReadAllText(Route($"route-{i:D3}")));
            }

            using var process = Process.Start(OpenmcfProcess.StartInfo(
                "apply", "-f", dir, "--kubeconfig", Cluster.Kubeconfig, "--skip-preflight", "--concurrency", "1", "--verbose",
                "--prune", "--applyset", "routes", "--applyset-namespace", Namespace))!;
            var (_, errors) = await InterruptAfterPatches(
                process,
                l => l.StartsWith("verbose: PATCH ", StringComparison.Ordinal) && l.Contains("/tcproutes/", StringComparison.Ordinal),
                40);
            Assert.True(process.ExitCode == 130, $"expected exit 130, got {process.ExitCode}\nstderr:\n{errors}");

            // Given up, not left to expire: its expiry is now, not five minutes on (the dead holder alone would not show it).
            var parent = await Admin.CoreV1.ReadNamespacedSecretAsync("routes", Namespace, cancellationToken: Token);
            var lease = TcpRoute.Cluster.SetLease.Parse(parent.Metadata.Annotations[TcpRoute.Cluster.ApplySet.LeaseAnnotation]);
            Assert.NotNull(lease);
            Assert.True(lease.Expires <= DateTimeOffset.UtcNow, $"the lease runs until {lease.Expires:O}\nstderr:\n{errors}");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>
    /// Reads openmcf's --verbose stderr until ten route PATCHes were answered, sends SIGINT, and waits up to
    /// <paramref name="seconds"/> for it to end; stdout and all of stderr.
    /// </summary>
    private static async Task<(string Stdout, string Stderr)> InterruptAfterPatches(
        Process process, Func<string, bool> isRoutePatch, int seconds)
    {
        var stdout = process.StandardOutput.ReadToEndAsync(Token);
        var errors = new System.Text.StringBuilder();
        var applied = 0;
        while (applied < 10 && await process.StandardError.ReadLineAsync(Token) is { } line)
        {
            errors.AppendLine(line);
            applied += isRoutePatch(line) ? 1 : 0;
        }

        Assert.False(process.HasExited, $"openmcf ended before it could be interrupted:\n{errors}");
        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(Token);
        }

        errors.Append(await process.StandardError.ReadToEndAsync(Token));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Token);
        deadline.CancelAfter(TimeSpan.FromSeconds(seconds));
        await process.WaitForExitAsync(deadline.Token);
        return (await stdout, errors.ToString());
    }
}
