namespace SaePlatform.Host.Dashboard;

/// <summary>
/// The two transforms the dashboard applies to a metric on the server, over the full-resolution history: TensorBoard's
/// debiased exponential moving average (the smoothing slider) and min/max thinning per pixel column (what is sent).
/// </summary>
internal static class SeriesMath
{
    /// <summary>
    /// TensorBoard's scalar smoothing: <c>last = last * w + (1 - w) * y</c> from <c>last = 0</c>, divided by the debias
    /// factor <c>1 - w^n</c> (n: finite values seen so far), so the first smoothed value is the first value. Non-finite
    /// values pass through unchanged and do not enter the average. A constant series is returned as it is (TensorBoard
    /// skips it so that rounding does not show as noise). <paramref name="weight"/> 0 returns a copy.
    /// </summary>
    /// <param name="y">Values in step order.</param>
    /// <param name="weight">Smoothing weight in [0, 1).</param>
    public static float[] DebiasedEma(IReadOnlyList<float> y, double weight)
    {
        ArgumentNullException.ThrowIfNull(y);
        var result = new float[y.Count];
        DebiasedEma(y, weight, result);
        return result;
    }

    /// <summary><see cref="DebiasedEma(IReadOnlyList{float}, double)"/> into <paramref name="result"/> (at least as long as <paramref name="y"/>).</summary>
    public static void DebiasedEma(IReadOnlyList<float> y, double weight, Span<float> result)
    {
        ArgumentNullException.ThrowIfNull(y);
        if (weight is < 0 or >= 1 or double.NaN) throw new ArgumentOutOfRangeException(nameof(weight), weight, "smoothing must be in [0, 1)");
        if (result.Length < y.Count) throw new ArgumentException($"result holds {result.Length} values for {y.Count}", nameof(result));
        bool constant = true;
        float first = float.NaN;
        for (int i = 0; i < y.Count; i++)
        {
            if (!float.IsFinite(y[i])) continue;
            if (float.IsNaN(first)) first = y[i];
            else if (y[i] != first) { constant = false; break; }
        }
        if (weight == 0 || constant)
        {
            for (int i = 0; i < y.Count; i++) result[i] = y[i];
            return;
        }
        double last = 0, weightPower = 1;   // weight^n, n: finite values so far
        for (int i = 0; i < y.Count; i++)
        {
            float v = y[i];
            if (!float.IsFinite(v)) { result[i] = v; continue; }
            last = last * weight + (1 - weight) * v;
            weightPower *= weight;
            result[i] = (float)(last / (1 - weightPower));
        }
    }

    /// <summary>
    /// Thins a series for a chart <paramref name="columns"/> pixels wide: the x range [first x, last x] is cut into that
    /// many equal columns, and each column keeps the points with its smallest and largest finite y (in x order, once
    /// when they are the same point), so every spike stays visible. Series with at most 2 x <paramref name="columns"/>
    /// points are returned whole. Non-finite values are dropped (a chart cannot draw them).
    /// </summary>
    /// <param name="x">Positions, non-decreasing.</param>
    /// <param name="y">Values, same length.</param>
    /// <param name="columns">Chart width in pixels, at least 1.</param>
    /// <returns>Indices into <paramref name="x"/> of the kept points, increasing.</returns>
    public static List<int> MinMaxPerColumn(IReadOnlyList<double> x, IReadOnlyList<float> y, int columns)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        if (x.Count != y.Count) throw new ArgumentException($"x has {x.Count} values but y has {y.Count}", nameof(y));
        var kept = new List<int>();
        int n = x.Count;
        int finite = 0;
        for (int i = 0; i < n; i++) if (float.IsFinite(y[i])) finite++;
        if (finite <= 2 * columns)
        {
            for (int i = 0; i < n; i++) if (float.IsFinite(y[i])) kept.Add(i);
            return kept;
        }
        double x0 = x[0], span = x[n - 1] - x[0];
        int column = -1, minAt = -1, maxAt = -1;
        for (int i = 0; i < n; i++)
        {
            if (!float.IsFinite(y[i])) continue;
            int c = span > 0 ? Math.Min(columns - 1, (int)((x[i] - x0) / span * columns)) : 0;
            if (c != column)
            {
                Flush(kept, minAt, maxAt);
                column = c;
                minAt = maxAt = i;
                continue;
            }
            if (y[i] < y[minAt]) minAt = i;
            if (y[i] > y[maxAt]) maxAt = i;
        }
        Flush(kept, minAt, maxAt);
        return kept;
    }

    private static void Flush(List<int> kept, int minAt, int maxAt)
    {
        if (minAt < 0) return;
        kept.Add(Math.Min(minAt, maxAt));
        if (maxAt != minAt) kept.Add(Math.Max(minAt, maxAt));
    }
}
