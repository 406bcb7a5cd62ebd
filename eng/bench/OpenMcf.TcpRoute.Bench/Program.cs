using System.Diagnostics;
using OpenMcf.TcpRoute.Manifests;
using OpenMcf.TcpRoute.Validation;

// Offline validation throughput in-process: read (YAML → model with source map) and validate
// (every rule) one manifest at a time, as `openmcf validate` does for each document.
// Usage: OpenMcf.TcpRoute.Bench [manifest.yaml] [seconds]
var path = args.Length > 0
    ? args[0]
    : Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "..", "samples", "weighted-canary.yaml");
var seconds = args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3;
var text = File.ReadAllText(path);

long Run(TimeSpan duration)
{
    var count = 0L;
    var clock = Stopwatch.StartNew();
    while (clock.Elapsed < duration)
    {
        for (var i = 0; i < 100; i++)
        {
            var batch = ValidatedBatch.From(ManifestReader.Read("bench.yaml", new StringReader(text)));
            if (!batch.IsValid)
            {
                throw new InvalidOperationException($"{path} is not valid");
            }
        }

        count += 100;
    }

    return count;
}

Run(TimeSpan.FromSeconds(3)); // warm-up: tiered JIT with PGO settles only after a few seconds here
var rates = new List<double>();
for (var round = 0; round < 5; round++)
{
    var clock = Stopwatch.StartNew();
    var n = Run(TimeSpan.FromSeconds(seconds / 5));
    rates.Add(n / clock.Elapsed.TotalSeconds);
}

rates.Sort();
Console.WriteLine($"{rates[2]:0}");
