using System.Globalization;
using k8s;
using k8s.Models;
using OpenMcf.TcpRoute.IntegrationTests.Infrastructure;
using OpenMcf.TcpRoute.Validation;

namespace OpenMcf.TcpRoute.IntegrationTests.Differential;

/// <summary>
/// validate's verdict against the API server's, on thousands of generated routes. No route may pass
/// validate and be refused by the server; a route validate refuses and the server takes must be
/// refused only for a rule openmcf is stricter on by design (<see cref="StricterRules"/>, listed in
/// the README). OPENMCF_DIFF_SEED replays another seed; the seed is in every failure message.
/// </summary>
public abstract class DifferentialTest(ClusterFixture cluster) : ClusterTest(cluster)
{
    private string? _long;

    protected static int Seed =>
        int.TryParse(Environment.GetEnvironmentVariable("OPENMCF_DIFF_SEED"), CultureInfo.InvariantCulture, out var seed) ? seed : 20261129;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();

        // A namespace of the longest valid name, so that the boundary can be accepted at all.
        _long = (Namespace + "-" + new string('x', 63))[..63];
        await Admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = _long } }, cancellationToken: Token);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_long is not null && Cluster.Admin is not null)
        {
            await Admin.CoreV1.DeleteNamespaceAsync(_long, cancellationToken: CancellationToken.None);
        }

        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    private static bool LegacyEmptyGroup(Verdict verdict) =>
        verdict.ServerAnswer.Contains(".group in body must be of type string: \\\"null\\\"", StringComparison.Ordinal);

    protected async Task CompareAsync(string version, int randomRoutes, int mutationRounds, int atLeast)
    {
        var cel = await Cluster.EnforcesCelAsync(Namespace, Token);
        if (!cel && Environment.GetEnvironmentVariable("OPENMCF_EXPECT_CEL") == "true")
        {
            Assert.Fail("OPENMCF_EXPECT_CEL=true, but the API server accepted a Service backend without a port: "
                + "it does not enforce the CRDs' CEL rules");
        }

        var generator = new RouteCaseGenerator(Seed, [Namespace, _long!], version == GatewayApi.V1);
        var cases = generator.Generate(randomRoutes, mutationRounds).ToList();
        Assert.True(cases.Count >= atLeast, $"the generator made only {cases.Count} cases");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var verdicts = await Verdicts.CollectAsync(Admin, cases, version, Token);
        clock.Stop();

        // Kubernetes 1.20 (no CEL: the legacy profile) turns an empty group on a reference into null and
        // refuses it, whoever sends it (kubectl too); current servers take it. That one is the server's.
        var leaks = verdicts.Where(v => v.OpenmcfAccepts && !v.ServerAccepts && (cel || !LegacyEmptyGroup(v))).ToList();
        var stricter = verdicts.Where(v => !v.OpenmcfAccepts && v.ServerAccepts).ToList();
        var unexplained = stricter.Where(v => !v.RefusedOnPurpose).ToList();
        var summary = $"seed {Seed}, {version}, {cases.Count} cases, server {(cel ? "enforces" : "does not enforce")} CEL: "
            + $"both accept {verdicts.Count(v => v.OpenmcfAccepts && v.ServerAccepts)}, "
            + $"both reject {verdicts.Count(v => !v.OpenmcfAccepts && !v.ServerAccepts)}, "
            + $"openmcf alone rejects {stricter.Count} (by design: "
            + string.Join(", ", stricter
                .Where(v => v.RefusedOnPurpose)
                .SelectMany(v => v.Errors.Select(e => e.Rule))
                .Distinct()
                .Order(StringComparer.Ordinal))
            + "), "
            + $"server alone rejects {leaks.Count}; {clock.Elapsed.TotalSeconds:0.0} s; answers: "
            + string.Join(", ", verdicts
                .GroupBy(v => v.ServerAnswer[..3])
                .Select(g => $"{g.Key}: {g.Count()} in {g.Sum(v => v.Milliseconds) / 1000:0.0} s")
                .OrderDescending(StringComparer.Ordinal));
        TestContext.Current.TestOutputHelper?.WriteLine(summary);

        // Also beside the test results, for readers of a passing run.
        await File.WriteAllTextAsync(Path.Combine(Path.GetTempPath(), $"openmcf-differential-{version}.txt"), summary + "\n", Token);

        Assert.True(
            leaks.Count == 0,
            $"{summary}\nvalidate accepts what the server rejects:\n" + string.Join('\n', leaks.Take(15).Select(v => v.Describe(version))));

        // A server without CEL (Kubernetes 1.20, the legacy profile) accepts what current servers refuse.
        if (cel)
        {
            Assert.True(
                unexplained.Count == 0,
                $"{summary}\nvalidate rejects what the server accepts, for no deliberate rule:\n"
                    + string.Join('\n', unexplained.Take(15).Select(v => v.Describe(version))));
        }

        // The generator must keep probing both sides of the rules, or the comparison proves little.
        Assert.True(verdicts.Count(v => v.OpenmcfAccepts) >= cases.Count / 5, summary);
        Assert.True(verdicts.Count(v => !v.OpenmcfAccepts) >= cases.Count / 5, summary);
    }
}

/// <summary>The experimental channel (installed by default): v1alpha2, the version openmcf renders by default, and v1.</summary>
public sealed class DifferentialV1alpha2Tests(ClusterFixture cluster) : DifferentialTest(cluster)
{
    [Fact]
    public Task Validate_agrees_with_the_server_on_generated_routes() =>
        CompareAsync(GatewayApi.DefaultVersion, randomRoutes: 700, mutationRounds: 6, atLeast: 2000);

    [Fact]
    public Task Validate_for_v1_agrees_with_the_experimental_channel() =>
        CompareAsync(GatewayApi.V1, randomRoutes: 300, mutationRounds: 2, atLeast: 800);
}

/// <summary>v1 on the standard channel (v1.6.1 standard CRDs installed for the test).</summary>
[Collection(SerialCrdSwitching.Name)]
public sealed class DifferentialV1StandardTests(ClusterFixture cluster) : DifferentialTest(cluster)
{
    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await GatewayApiCrds.InstallAsync(Cluster, TestPaths.Crds("v1.6.1", "standard"), Token);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Cluster.Admin is not null)
        {
            await GatewayApiCrds.InstallAsync(Cluster, TestPaths.Crds("v1.6.1", "experimental"), CancellationToken.None);
        }
    }

    [Fact]
    public Task Validate_for_v1_agrees_with_the_standard_channel() =>
        CompareAsync(GatewayApi.V1, randomRoutes: 300, mutationRounds: 2, atLeast: 800);
}
