namespace SaePlatform.Contracts.Visualization.Transforms;

/// <summary>Settings of <see cref="ConvergenceReport.Analyze"/>.</summary>
public sealed record ConvergenceSettings
{
    /// <summary>Points in the final window; null = a tenth of the finite points, at least 10.</summary>
    public int? Window { get; init; }

    /// <summary>Coefficient of variation below which the series counts as converged. Default 0.05 (5 %).</summary>
    public double Threshold { get; init; } = 0.05;

    /// <summary>A final-window mean above this multiple of the best smoothed value counts as divergence. Default 2.</summary>
    public double DivergenceFactor { get; init; } = 2;

    /// <summary>A value above this multiple of the median of the preceding <see cref="SpikeWindow"/> points is a spike. Default 3.</summary>
    public double SpikeFactor { get; init; } = 3;

    /// <summary>Points before a value that its spike test compares against. Default 20.</summary>
    public int SpikeWindow { get; init; } = 20;

    /// <summary>
    /// The slope test: a series whose least-squares line falls by more than this fraction of its mean across the final
    /// window, with a t statistic below -2 (a fall larger than its noise), is still improving. Default 0.02 (2 %).
    /// </summary>
    public double ImprovementThreshold { get; init; } = 0.02;
}

/// <summary>
/// Whether a (loss) series has settled: the coefficient of variation (std / |mean|) of its last window,
/// converged below a threshold (5 % by default); non-finite values, divergence (the last window well above
/// the best smoothed value) and spikes (a value several times the median of the values before it).
/// </summary>
/// <param name="Window">Points in the final window actually used.</param>
/// <param name="WindowMean">Mean of the finite values of the final window.</param>
/// <param name="CoefficientOfVariation">Population std / |mean| over the final window; NaN when the mean is 0 or there are no values.</param>
/// <param name="Converged">CoefficientOfVariation below the threshold.</param>
/// <param name="NonFiniteCount">NaN or infinite values anywhere in the series.</param>
/// <param name="Diverged">The final-window mean exceeds DivergenceFactor x the smallest EMA(0.9)-smoothed value, or the last value is not finite.</param>
/// <param name="SpikeIndices">Indices of the spikes found.</param>
public sealed record ConvergenceReport(int Window, double WindowMean, double CoefficientOfVariation, bool Converged,
    int NonFiniteCount, bool Diverged, IReadOnlyList<int> SpikeIndices)
{
    /// <summary>
    /// Change across the final window of its least-squares line (slope x (points - 1)), relative to |mean|: -0.06 means
    /// the fitted line fell by 6 % of the mean over the window. NaN with fewer than 3 points or a zero mean.
    /// </summary>
    public double RelativeChange { get; init; } = double.NaN;

    /// <summary>t statistic of the fitted slope (slope / its standard error); -infinity for an exactly falling line.</summary>
    public double SlopeT { get; init; } = double.NaN;

    /// <summary>
    /// The slope test: the fitted line falls by more than <see cref="ConvergenceSettings.ImprovementThreshold"/> of the
    /// mean across the window and its t statistic is below -2.
    /// </summary>
    public bool StillImproving { get; init; }

    /// <summary>Least-squares slope of <paramref name="y"/> against its index, and the slope's t statistic.</summary>
    public static (double Slope, double T) Slope(ReadOnlySpan<double> y)
    {
        int n = y.Length;
        if (n < 3) return (double.NaN, double.NaN);
        double xMean = (n - 1) / 2.0, yMean = 0;
        foreach (var v in y) yMean += v;
        yMean /= n;
        double sxx = 0, sxy = 0;
        for (int i = 0; i < n; i++) { sxx += (i - xMean) * (i - xMean); sxy += (i - xMean) * (y[i] - yMean); }
        double slope = sxy / sxx, sse = 0;
        for (int i = 0; i < n; i++) { double r = y[i] - (yMean + slope * (i - xMean)); sse += r * r; }
        double se = Math.Sqrt(sse / (n - 2) / sxx);
        double t = se > 0 ? slope / se : slope == 0 ? 0 : double.CopySign(double.PositiveInfinity, slope);
        return (slope, t);
    }

    /// <summary>Analyses <paramref name="values"/> (one value per logged step).</summary>
    public static ConvergenceReport Analyze(IReadOnlyList<double> values, ConvergenceSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        settings ??= new ConvergenceSettings();
        var finite = values.Where(double.IsFinite).ToArray();
        int nonFinite = values.Count - finite.Length;
        int window = Math.Min(finite.Length, settings.Window ?? Math.Max(10, finite.Length / 10));
        var tail = SeriesStatistics.Of(finite[(finite.Length - window)..]);
        double cv = window > 0 && tail.Mean != 0 ? tail.Std / Math.Abs(tail.Mean) : double.NaN;

        double best = double.PositiveInfinity;
        foreach (var s in Smoothing.Ema(finite, 0.9)) best = Math.Min(best, s);
        bool lastNonFinite = values.Count > 0 && !double.IsFinite(values[^1]);
        bool diverged = lastNonFinite || (window > 0 && best > 0 && tail.Mean > settings.DivergenceFactor * best);

        var spikes = new List<int>();
        var previous = new List<double>(settings.SpikeWindow);
        for (int i = 0; i < values.Count; i++)
        {
            double v = values[i];
            if (!double.IsFinite(v)) continue;
            if (previous.Count == settings.SpikeWindow)
            {
                double median = Percentile.Of(previous, 50);
                if (median > 0 && v > settings.SpikeFactor * median) spikes.Add(i);
                previous.RemoveAt(0);
            }
            previous.Add(v);
        }
        var (slope, t) = Slope(finite.AsSpan(finite.Length - window));
        double relativeChange = tail.Mean != 0 ? slope * (window - 1) / Math.Abs(tail.Mean) : double.NaN;
        return new ConvergenceReport(window, tail.Mean, cv, cv < settings.Threshold, nonFinite, diverged, spikes)
        {
            RelativeChange = relativeChange,
            SlopeT = t,
            StillImproving = relativeChange < -settings.ImprovementThreshold && t < -2,
        };
    }
}
