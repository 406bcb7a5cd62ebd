using System.Diagnostics;

namespace OpenMcf.TcpRoute.IntegrationTests.Providers;

/// <summary>
/// The project's own etcd + kube-apiserver (eng/local-cluster.sh), built from Debian packages.
/// Started here when it is not running, and then stopped again when the tests end.
/// </summary>
internal sealed class LocalControlPlaneProvider(string repositoryRoot) : IClusterProvider
{
    private static readonly TimeSpan FirstBuildAllowance = TimeSpan.FromMinutes(30);

    public string Name => $"local control plane (eng/local-cluster.sh, profile {Profile})";

    /// <summary>OPENMCF_CLUSTER_PROFILE as the script reads it: current (Kubernetes 1.36 for the Gateway API) or legacy (1.20).</summary>
    public static string Profile => Environment.GetEnvironmentVariable("OPENMCF_CLUSTER_PROFILE") is { Length: > 0 } p ? p : "current";

    public async Task<(ProvidedCluster? Cluster, string? Unavailable)> TryStartAsync(CancellationToken cancellationToken)
    {
        var script = Path.Combine(repositoryRoot, "eng", "local-cluster.sh");
        if (!File.Exists(script))
        {
            return (null, $"{script} not found");
        }

        if (!OperatingSystem.IsLinux())
        {
            return (null, "the local control plane runs on Linux only");
        }

        var wasRunning = (await RunAsync(script, ["status"], TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false))
            .ExitCode == 0;
        var up = await RunAsync(script, ["up"], FirstBuildAllowance, cancellationToken).ConfigureAwait(false);
        var kubeconfig = up.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()?.Trim();
        if (up.ExitCode != 0 || kubeconfig is null || !File.Exists(kubeconfig))
        {
            var why = up.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? $"exit code {up.ExitCode}";
            return (null, $"eng/local-cluster.sh up failed: {why}");
        }

        return (new ProvidedCluster(Name, kubeconfig, InstallsGatewayApi: false, async () =>
        {
            if (!wasRunning)
            {
                await RunAsync(script, ["down"], TimeSpan.FromMinutes(1), CancellationToken.None).ConfigureAwait(false);
            }
        }, RestartApiServer: async down =>
        {
            var restart = await RunAsync(
                script,
                ["restart-apiserver", ((int)Math.Ceiling(down.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture)],
                TimeSpan.FromMinutes(2),
                CancellationToken.None).ConfigureAwait(false);
            if (restart.ExitCode != 0)
            {
                throw new InvalidOperationException($"eng/local-cluster.sh restart-apiserver failed: {restart.Stderr}");
            }
        }, SwitchCrds: async directory =>
        {
            string[] args = directory is null ? ["delete-crds"] : ["crds", directory];
            var run = await RunAsync(script, args, TimeSpan.FromMinutes(3), CancellationToken.None).ConfigureAwait(false);
            if (run.ExitCode != 0)
            {
                throw new InvalidOperationException($"eng/local-cluster.sh {string.Join(' ', args)} failed: {run.Stderr}");
            }
        }), null);
    }

    internal static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(
        string script, string[] args, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("bash", [script, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, string.Empty, $"timed out after {timeout}");
        }

        return (process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }
}
