namespace OpenMcf.Cli.Output;

/// <summary>
/// Counts a cluster's routes by what happened to them ("created", "would change", "failed"), in the order first seen,
/// for the summaries of a run over several clusters: one per cluster and one over all of them.
/// </summary>
internal sealed class ResultTally
{
    private readonly List<KeyValuePair<string, int>> _counts = [];
    private readonly Lock _lock = new();

    public int Total
    {
        get
        {
            lock (_lock)
            {
                return _counts.Sum(c => c.Value);
            }
        }
    }

    public void Add(string verb, int count = 1)
    {
        lock (_lock)
        {
            var i = _counts.FindIndex(c => c.Key == verb);
            if (i >= 0)
            {
                _counts[i] = new(verb, _counts[i].Value + count);
            }
            else
            {
                _counts.Add(new(verb, count));
            }
        }
    }

    public void AddAll(ResultTally other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var (verb, count) in other.Counts())
        {
            Add(verb, count);
        }
    }

    /// <summary>"3 routes: 2 created, 1 unchanged"; "1 route: 1 failed".</summary>
    public string Summary()
    {
        var counts = Counts();
        var total = counts.Sum(c => c.Value);
        return $"{total} route{(total == 1 ? string.Empty : "s")}: {string.Join(", ", counts.Select(c => $"{c.Value} {c.Key}"))}";
    }

    private List<KeyValuePair<string, int>> Counts()
    {
        lock (_lock)
        {
            return [.. _counts];
        }
    }
}
