namespace SaePlatform.Contracts.Visualization.Transforms;

/// <summary>Equal-width histogram: bin i spans [Edges[i], Edges[i+1]).</summary>
/// <param name="Edges">Bins + 1 increasing edges.</param>
/// <param name="Counts">Values per bin.</param>
public sealed record HistogramBins(double[] Edges, double[] Counts)
{
    /// <summary>
    /// Bins the finite values of <paramref name="values"/> like numpy.histogram: equal widths over [min, max]
    /// (or the given range), each bin half-open except the last, which includes its right edge; values outside
    /// the range and non-finite values are not counted. When all values are equal the range is value ± 0.5.
    /// </summary>
    /// <param name="values">The values.</param>
    /// <param name="bins">Number of bins, at least 1.</param>
    /// <param name="min">Lower edge, or null for the smallest finite value.</param>
    /// <param name="max">Upper edge, or null for the largest finite value.</param>
    public static HistogramBins Compute(IReadOnlyList<double> values, int bins, double? min = null, double? max = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        for (int i = 0; i < values.Count; i++)
        {
            double v = values[i];
            if (!double.IsFinite(v)) continue;
            lo = Math.Min(lo, v);
            hi = Math.Max(hi, v);
        }
        lo = min ?? (double.IsFinite(lo) ? lo : 0);
        hi = max ?? (double.IsFinite(hi) ? hi : 1);
        if (hi < lo) throw new ArgumentException($"histogram range [{lo}, {hi}] is empty");
        if (hi == lo) { lo -= 0.5; hi += 0.5; }
        var edges = new double[bins + 1];
        for (int b = 0; b <= bins; b++) edges[b] = lo + (hi - lo) * b / bins;
        var counts = new double[bins];
        double scale = bins / (hi - lo);
        for (int i = 0; i < values.Count; i++)
        {
            double v = values[i];
            if (!double.IsFinite(v) || v < lo || v > hi) continue;
            int b = Math.Min((int)((v - lo) * scale), bins - 1);
            counts[b]++;
        }
        return new HistogramBins(edges, counts);
    }
}
