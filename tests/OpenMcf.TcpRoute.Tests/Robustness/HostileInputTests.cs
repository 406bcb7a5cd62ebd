using System.Diagnostics;
using OpenMcf.TcpRoute.Manifests;
using OpenMcf.TcpRoute.Tests.Cli;
using OpenMcf.TcpRoute.Validation;

namespace OpenMcf.TcpRoute.Tests.Robustness;

/// <summary>
/// Every hostile input ends with exit 1 or 2, one clear message with its location, no stack
/// trace, within 1 second and 200 MB, and nothing applied (apply is asked, with a kubeconfig that
/// does not exist, so reaching the cluster stage would show as exit 3).
/// </summary>
public class HostileInputTests
{
    private static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(1);
    private const long MemoryLimit = 200L * 1024 * 1024;

    public static TheoryData<string> CaseNames() => new(HostileInputCorpus.Cases().Select(c => c.Name));

    [Fact]
    public void Corpus_has_at_least_300_cases() =>
        Assert.True(HostileInputCorpus.Cases().Count() >= 300, $"{HostileInputCorpus.Cases().Count()} cases");

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Hostile_input_is_refused_cleanly(string name)
    {
        var bytes = HostileInputCorpus.Cases().Single(c => c.Name == name).Bytes;
        var path = Path.Combine(Path.GetTempPath(), $"openmcf-hostile-{Guid.NewGuid():N}.yaml");
        await File.WriteAllBytesAsync(path, bytes, TestContext.Current.CancellationToken);
        try
        {
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var clock = Stopwatch.StartNew();
            var run = await CliRun.Of("apply", "-f", path, "--kubeconfig", "/nonexistent/kubeconfig");
            clock.Stop();
            allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;

            var mayBeValid = name.StartsWith("damage:", StringComparison.Ordinal);
            Assert.True(run.ExitCode is 1 or 2 || (mayBeValid && run.ExitCode == 3), $"{name}: exit {run.ExitCode}\n{run.Stderr}");
            Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", run.Stderr, StringComparison.Ordinal);
            if (run.ExitCode != 3)
            {
                Assert.Contains(path, run.Stderr, StringComparison.Ordinal);
                Assert.Contains("error:", run.Stderr, StringComparison.Ordinal);
            }

            Assert.True(clock.Elapsed < TimeLimit, $"{name}: took {clock.Elapsed.TotalMilliseconds:0} ms");
            Assert.True(allocated < MemoryLimit, $"{name}: allocated {allocated / (1024 * 1024)} MB");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_50_MB_file_is_refused_quickly()
    {
        var path = Path.Combine(Path.GetTempPath(), $"openmcf-huge-{Guid.NewGuid():N}.yaml");
        await using (var file = File.Create(path))
        {
            var line = System.Text.Encoding.UTF8.GetBytes("# padding padding padding padding padding padding padding padding\n");
            for (long written = 0; written < 50L * 1024 * 1024; written += line.Length)
            {
                file.Write(line);
            }
        }

        try
        {
            var clock = Stopwatch.StartNew();
            var run = (await CliRun.Of("validate", "-f", path)).Exits(1);
            Assert.True(clock.Elapsed < TimeLimit, $"took {clock.Elapsed.TotalMilliseconds:0} ms");
            Assert.Contains($"{path}: error: the file is larger than 4 MB; refused", run.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// Seeded, reproducible random mutations of the samples through the read and validate stages: no exception escapes,
    /// each input is settled quickly.
    /// </summary>
    [Fact]
    public void Fuzz_reader_and_validator_with_random_mutations()
    {
        const int seed = 424242;
        var random = new Random(seed);
        var bases = Directory.GetFiles(RepoPaths.Samples, "*.yaml", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(File.ReadAllText)
            .ToArray();
        var budget = Stopwatch.StartNew();
        var iterations = 0;
        while (budget.Elapsed < TimeSpan.FromSeconds(20) && iterations < 20_000)
        {
            var text = Mutate(bases[random.Next(bases.Length)], random);
            var clock = Stopwatch.StartNew();
            try
            {
                var batch = ValidatedBatch.From(ManifestReader.Read("fuzz.yaml", new StringReader(text)));
                Assert.NotNull(batch);
            }
            catch (Exception e)
            {
                Assert.Fail($"seed {seed}, iteration {iterations}: {e.GetType().Name}: {e.Message}\ninput:\n{text}");
            }

            Assert.True(clock.Elapsed < TimeLimit, $"seed {seed}, iteration {iterations} took {clock.Elapsed.TotalMilliseconds:0} ms");
            iterations++;
        }

        Assert.True(iterations >= 1_000, $"only {iterations} iterations ran");
        TestContext.Current.SendDiagnosticMessage($"fuzz: {iterations} inputs in {budget.Elapsed.TotalSeconds:0.0} s");
    }

    private static string Mutate(string text, Random random)
    {
        const string alphabet = "{}[]:,-&*!|>'\"#%@`?~ \t\n0123456789abcXYZ_.\\\u0000\u00e9\u200b";
        var chars = text.ToList();
        for (var m = random.Next(1, 4); m > 0 && chars.Count > 0; m--)
        {
            var at = random.Next(chars.Count);
            switch (random.Next(6))
            {
                case 0: chars[at] = alphabet[random.Next(alphabet.Length)]; break;
                case 1: chars.RemoveRange(at, Math.Min(random.Next(1, 20), chars.Count - at)); break;
                case 2:
                    chars.InsertRange(at, Enumerable.Range(0, random.Next(1, 10)).Select(_ => alphabet[random.Next(alphabet.Length)]));
                    break;
                case 3: chars.InsertRange(at, chars.Skip(random.Next(chars.Count)).Take(random.Next(1, 40)).ToList()); break;
                case 4: chars.RemoveRange(at, chars.Count - at); break;
                default: chars.InsertRange(at, "&a x\n".ToCharArray()); break;
            }
        }

        return new string(chars.ToArray());
    }
}
