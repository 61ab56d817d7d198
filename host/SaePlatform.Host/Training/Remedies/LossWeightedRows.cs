using SaePlatform.Tensors.Randomness;

namespace SaePlatform.Host.Training.Remedies;

/// <summary>
/// Draws rows without replacement with probability proportional to a weight (Efraimidis and Spirakis 2006): row b gets
/// the key log(u_b) / w_b with u_b uniform in (0, 1], and the rows with the largest keys are taken, in key order. That
/// is the same distribution as drawing one row at a time with probability w_b / (sum of the weights left), so the first
/// row is row b with probability w_b / sum(w). Rows of weight 0 are never drawn.
/// </summary>
internal static class LossWeightedRows
{
    /// <summary>
    /// Up to <paramref name="count"/> distinct rows (fewer when fewer have a positive weight), in draw order; the u_b are
    /// <paramref name="random"/>'s next doubles, one per row in row order (1 - NextDouble, so never 0).
    /// </summary>
    public static int[] Draw(ReadOnlySpan<double> weights, int count, SaeRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        double max = 0;
        foreach (double w in weights)
        {
            if (!(w >= 0) || double.IsInfinity(w)) throw new ArgumentException($"Row weights must be finite and >= 0, got {w}.", nameof(weights));
            max = Math.Max(max, w);
        }
        var keys = new List<(double Key, int Row)>(weights.Length);
        for (int b = 0; b < weights.Length; b++)
        {
            double u = 1 - random.NextDouble();
            // Scaled by the largest weight, so that tiny weights do not underflow; the order of the keys is the same.
            if (weights[b] > 0) keys.Add((Math.Log(u) / (weights[b] / max), b));
        }
        // Largest key first; ties (probability 0 but for u = 1 twice) by row.
        keys.Sort((a, c) => a.Key != c.Key ? c.Key.CompareTo(a.Key) : a.Row.CompareTo(c.Row));
        var rows = new int[Math.Min(count, keys.Count)];
        for (int i = 0; i < rows.Length; i++) rows[i] = keys[i].Row;
        return rows;
    }
}
