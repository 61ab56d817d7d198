namespace SaePlatform.Host.Configuration;

/// <summary>"Did you mean" suggestions by edit distance.</summary>
internal static class ClosestName
{
    /// <summary>
    /// The candidate nearest to <paramref name="name"/> (optimal string alignment distance, case-insensitive),
    /// or null when none is close enough to be a plausible typo.
    /// </summary>
    public static string? Find(string name, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(name.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance) (best, bestDistance) = (candidate, distance);
        }
        // A third of the length (at least 2) separates typos from different words.
        var limit = Math.Max(2, name.Length / 3);
        return bestDistance <= limit ? best : null;
    }

    /// <summary><c> (did you mean 'x'?)</c> or an empty string.</summary>
    public static string Suffix(string name, IEnumerable<string> candidates) =>
        Find(name, candidates) is { } match ? $" (did you mean '{match}'?)" : "";

    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        for (var j = 1; j <= b.Length; j++)
        {
            var cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
        }
        return d[a.Length, b.Length];
    }
}
