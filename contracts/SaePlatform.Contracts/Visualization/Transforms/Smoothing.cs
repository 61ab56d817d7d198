namespace SaePlatform.Contracts.Visualization.Transforms;

/// <summary>Curve smoothing for plots: TensorBoard's debiased exponential moving average (per point or per step) and rolling means.</summary>
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

    /// <summary>
    /// TensorBoard's debiased EMA with its weight defined per training step, so one setting smooths the same at any
    /// logging interval: a point <c>d</c> steps after the previous finite one decays the average by <c>a = w^d</c>;
    /// <c>last = last*a + (1-a)*y; norm = norm*a + (1-a); smoothed = last / norm</c> (the first point decays by the
    /// distance to the second). With one step between points this is <see cref="Ema"/> (<c>norm</c> is then <c>1 - w^n</c>). Non-finite values are passed through unchanged.
    /// </summary>
    /// <param name="steps">Training step of each point, increasing.</param>
    /// <param name="values">The raw series, same length.</param>
    /// <param name="weightPerStep">Weight w per step in [0, 1); the average forgets with a time constant of -1/ln(w) steps.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="weightPerStep"/> is outside [0, 1).</exception>
    public static double[] EmaOverSteps(IReadOnlyList<double> steps, IReadOnlyList<double> values, double weightPerStep)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(values);
        if (!(weightPerStep >= 0 && weightPerStep < 1)) throw new ArgumentOutOfRangeException(nameof(weightPerStep), weightPerStep, "smoothing weight must be in [0, 1)");
        if (steps.Count != values.Count) throw new ArgumentException($"{steps.Count} steps but {values.Count} values", nameof(values));
        var result = new double[values.Count];
        double last = 0, norm = 0, previous = double.NaN;
        for (int i = 0; i < result.Length; i++)
        {
            double y = values[i];
            if (!double.IsFinite(y))
            {
                result[i] = y;
                continue;
            }
            // The first point weighs as one interval to the next point, so at unit spacing this is TensorBoard's formula exactly.
            double distance = !double.IsNaN(previous) ? Math.Max(steps[i] - previous, 0) : i + 1 < steps.Count ? Math.Max(steps[i + 1] - steps[i], 0) : 1;
            double decay = Math.Pow(weightPerStep, distance);
            last = last * decay + (1 - decay) * y;
            norm = norm * decay + (1 - decay);
            previous = steps[i];
            result[i] = norm > 0 ? last / norm : y;
        }
        return result;
    }

    /// <summary>
    /// Centred rolling mean over a window measured in steps (pandas <c>rolling(center=True, min_periods=1)</c> on a
    /// step index): position i holds the mean of the finite values whose step lies within <c>window/2</c> of step i,
    /// so the curve has no lag (near the ends the window holds fewer points). A non-finite value stays a gap.
    /// </summary>
    /// <param name="steps">Training step of each point, increasing.</param>
    /// <param name="values">The raw series, same length.</param>
    /// <param name="windowSteps">Window width in steps, above 0.</param>
    public static double[] CenteredRollingMean(IReadOnlyList<double> steps, IReadOnlyList<double> values, double windowSteps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(values);
        if (!(windowSteps > 0)) throw new ArgumentOutOfRangeException(nameof(windowSteps), windowSteps, "window must be above 0 steps");
        if (steps.Count != values.Count) throw new ArgumentException($"{steps.Count} steps but {values.Count} values", nameof(values));
        int n = values.Count;
        var result = new double[n];
        double half = windowSteps / 2, sum = 0;
        int count = 0, lo = 0, hi = 0;
        for (int i = 0; i < n; i++)
        {
            while (hi < n && steps[hi] <= steps[i] + half)
            {
                if (double.IsFinite(values[hi])) { sum += values[hi]; count++; }
                hi++;
            }
            while (steps[lo] < steps[i] - half)
            {
                if (double.IsFinite(values[lo])) { sum -= values[lo]; count--; }
                lo++;
            }
            result[i] = !double.IsFinite(values[i]) ? values[i] : sum / count;
        }
        return result;
    }
}
