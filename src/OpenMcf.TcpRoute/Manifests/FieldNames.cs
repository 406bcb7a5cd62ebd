namespace OpenMcf.TcpRoute.Manifests;

/// <summary>
/// Field-name rules shared by every manifest object: upstream accepts camelCase and snake_case,
/// and a misspelt name gets the closest valid one as a suggestion.
/// </summary>
internal static class FieldNames
{
    /// <summary>Turns <c>parent_refs</c> into <c>parentRefs</c>; camelCase names pass unchanged.</summary>
    public static string ToCamelCase(string name)
    {
        if (!name.Contains('_', StringComparison.Ordinal))
        {
            return name;
        }

        var parts = name.Split('_', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            return name;
        }

        return parts[0] + string.Concat(parts.Skip(1).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
    }

    /// <summary>
    /// The closest of <paramref name="candidates"/> to <paramref name="name"/>, when it is close enough to be a likely typo.
    /// </summary>
    public static string? Suggest(string name, IEnumerable<string> candidates)
    {
        var folded = Fold(name);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(folded, Fold(candidate));
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        // Allow roughly one edit per three characters, but at least two: "namspace", "sectioName".
        var allowed = Math.Max(2, folded.Length / 3);
        return bestDistance <= allowed ? best : null;
    }

    private static string Fold(string s) => s
        .Replace("_", string.Empty, StringComparison.Ordinal)
        .Replace("-", string.Empty, StringComparison.Ordinal)
        .ToLowerInvariant();

    private static int Distance(string a, string b)
    {
        if (a.Length > 64 || b.Length > 64)
        {
            return int.MaxValue;
        }

        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
