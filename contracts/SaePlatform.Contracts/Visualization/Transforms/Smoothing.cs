namespace SaePlatform.Contracts.Visualization.Transforms;

/// <summary>Curve smoothing for plots: TensorBoard's debiased exponential moving average and a trailing rolling mean.</summary>
public static class Smoothing
{
    /// <summary>
    /// TensorBoard's smoothing (PLOTTING.md): over the finite values, <c>last = last*w + (1-w)*y; n += 1;
    /// smoothed = last / (1 - w^n)</c>. The debiasing keeps the start of the curve at the data instead of
    /// pulling it towards zero. Non-finite values are passed through unchanged and do not enter the average.
    /// </summary>
    /// <param name="values">The raw series.</param>
    /// <param name="weight">Smoothing weight w in [0, 1): 0 returns the data, 0.9 is TensorBoard-like, 0.99 is very smooth.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="weight"/> is outside [0, 1).</exception>
    public static double[] Ema(IReadOnlyList<double> values, double weight)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (!(weight >= 0 && weight < 1)) throw new ArgumentOutOfRangeException(nameof(weight), weight, "smoothing weight must be in [0, 1)");
        var result = new double[values.Count];
        double last = 0, weightPower = 1;
        for (int i = 0; i < result.Length; i++)
        {
            double y = values[i];
            if (!double.IsFinite(y))
            {
                result[i] = y;
                continue;
            }
            last = last * weight + (1 - weight) * y;
            weightPower *= weight;
            result[i] = last / (1 - weightPower);
        }
        return result;
    }

    /// <summary>
    /// Trailing rolling mean: position i holds the mean of the finite values among the last
    /// <paramref name="window"/> positions (i - window + 1 .. i; fewer at the start). A non-finite value stays
    /// a gap at its own position and is left out of its neighbours' means.
    /// </summary>
    /// <param name="values">The raw series.</param>
    /// <param name="window">Window length in points, at least 1.</param>
    public static double[] RollingMean(IReadOnlyList<double> values, int window)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        var result = new double[values.Count];
        double sum = 0;
        int count = 0;
        for (int i = 0; i < result.Length; i++)
        {
            double y = values[i];
            if (double.IsFinite(y)) { sum += y; count++; }
            int leaving = i - window;
            if (leaving >= 0 && double.IsFinite(values[leaving])) { sum -= values[leaving]; count--; }
            result[i] = !double.IsFinite(y) ? y : sum / count;
        }
        return result;
    }
}
