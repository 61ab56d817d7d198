namespace SaePlatform.Contracts.Visualization.Transforms;

/// <summary>How fast a series changes per unit of x (per step for a training history).</summary>
public static class RateOfChange
{
    /// <summary>
    /// dy/dx by central differences, <c>(y[i+1] - y[i-1]) / (x[i+1] - x[i-1])</c>, one-sided at the ends
    /// (numpy.gradient with edge_order 1 on evenly spaced x). A point whose neighbours are not finite is NaN.
    /// </summary>
    /// <param name="x">Positions, increasing.</param>
    /// <param name="y">Values, same length.</param>
    public static double[] Gradient(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count) throw new ArgumentException($"x has {x.Count} values but y has {y.Count}", nameof(y));
        int n = y.Count;
        var result = new double[n];
        if (n < 2)
        {
            if (n == 1) result[0] = double.NaN;
            return result;
        }
        for (int i = 0; i < n; i++)
        {
            int lo = Math.Max(i - 1, 0), hi = Math.Min(i + 1, n - 1);
            double dx = x[hi] - x[lo];
            result[i] = dx != 0 ? (y[hi] - y[lo]) / dx : double.NaN;
        }
        return result;
    }

    /// <summary>
    /// The gradient of <paramref name="y"/> smoothed with <see cref="Smoothing.Ema"/>: the raw difference of a
    /// noisy loss is mostly noise, its moving average shows whether the loss still falls.
    /// </summary>
    /// <param name="x">Positions, increasing.</param>
    /// <param name="y">Values, same length.</param>
    /// <param name="smoothingWeight">EMA weight in [0, 1).</param>
    public static double[] Smoothed(IReadOnlyList<double> x, IReadOnlyList<double> y, double smoothingWeight) =>
        Smoothing.Ema(Gradient(x, y), smoothingWeight);
}
