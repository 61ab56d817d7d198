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
        return new ConvergenceReport(window, tail.Mean, cv, cv < settings.Threshold, nonFinite, diverged, spikes);
    }
}
