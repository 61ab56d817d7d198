namespace SaePlatform.Contracts.Visualization.Transforms;

/// <summary>Thins long series for drawing without hiding spikes.</summary>
public static class Downsampling
{
    /// <summary>
    /// Splits the points into <c>maxPoints / 2</c> equal index buckets and keeps, per bucket, the points with
    /// the smallest and the largest y (in their original order), plus the first non-finite point of the bucket
    /// so gaps survive. A spike therefore stays visible however long the run was. Series of at most
    /// <paramref name="maxPoints"/> points are returned unchanged (as copies).
    /// </summary>
    /// <param name="x">Positions.</param>
    /// <param name="y">Values, same length.</param>
    /// <param name="maxPoints">Target size, at least 4 (the result may hold up to 1.5x this when gaps are kept).</param>
    public static (double[] X, double[] Y) MinMax(IReadOnlyList<double> x, IReadOnlyList<double> y, int maxPoints)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, 4);
        if (x.Count != y.Count) throw new ArgumentException($"x has {x.Count} values but y has {y.Count}", nameof(y));
        int n = y.Count;
        if (n <= maxPoints) return ([.. x], [.. y]);
        int buckets = maxPoints / 2;
        var outX = new List<double>(maxPoints + 8);
        var outY = new List<double>(maxPoints + 8);
        Span<int> keep = stackalloc int[3];
        for (int b = 0; b < buckets; b++)
        {
            int start = (int)((long)b * n / buckets), end = (int)((long)(b + 1) * n / buckets);
            int minAt = -1, maxAt = -1, gapAt = -1;
            for (int i = start; i < end; i++)
            {
                double v = y[i];
                if (!double.IsFinite(v)) { if (gapAt < 0) gapAt = i; continue; }
                if (minAt < 0 || v < y[minAt]) minAt = i;
                if (maxAt < 0 || v > y[maxAt]) maxAt = i;
            }
            int k = 0;
            if (minAt >= 0) keep[k++] = minAt;
            if (maxAt >= 0 && maxAt != minAt) keep[k++] = maxAt;
            if (gapAt >= 0) keep[k++] = gapAt;
            var kept = keep[..k];
            kept.Sort();
            foreach (int i in kept) { outX.Add(x[i]); outY.Add(y[i]); }
        }
        return ([.. outX], [.. outY]);
    }
}
