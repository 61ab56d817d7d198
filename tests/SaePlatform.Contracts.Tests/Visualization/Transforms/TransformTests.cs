using SaePlatform.Contracts.Visualization.Transforms;

namespace SaePlatform.Contracts.Tests.Visualization.Transforms;

public sealed class TransformTests
{
    [Fact]
    public void Ema_HandComputed_DebiasedAndNaNPassedThrough()
    {
        // w = 0.5: last = 0.5 -> 0.5/0.5 = 1; last = 0.25 + 1 = 1.25 -> 1.25/0.75; NaN kept; last = 0.625 + 2 = 2.625 -> /0.875 = 3.
        var smoothed = Smoothing.Ema([1, 2, double.NaN, 4], 0.5);
        Assert.Equal(1, smoothed[0], 12);
        Assert.Equal(1.25 / 0.75, smoothed[1], 12);
        Assert.True(double.IsNaN(smoothed[2]));
        Assert.Equal(3, smoothed[3], 12);
    }

    [Fact]
    public void Ema_ConstantSeries_StaysConstantFromTheFirstPoint()
    {
        Assert.All(Smoothing.Ema([7, 7, 7, 7, 7], 0.9), v => Assert.Equal(7, v, 12));
    }

    [Fact]
    public void Ema_PositiveInfinity_PassedThroughAndNotAveraged()
    {
        var smoothed = Smoothing.Ema([2, double.PositiveInfinity, 2], 0.9);
        Assert.Equal(double.PositiveInfinity, smoothed[1]);
        Assert.Equal(2, smoothed[2], 12);
    }

    [Fact]
    public void Ema_WeightOne_Refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Smoothing.Ema([1.0], 1));
    }

    [Fact]
    public void RollingMean_WindowTwo_TrailingMeansOverFiniteValues()
    {
        var mean = Smoothing.RollingMean([1, 2, 3, double.NaN, 5, 7], 2);
        Assert.Equal(1, mean[0], 12);
        Assert.Equal(1.5, mean[1], 12);
        Assert.Equal(2.5, mean[2], 12);
        Assert.True(double.IsNaN(mean[3]));
        Assert.Equal(5, mean[4], 12);   // window {NaN, 5}
        Assert.Equal(6, mean[5], 12);
    }

    [Fact]
    public void RollingMean_AgainstNaiveWindowMean()
    {
        var random = new Random(3);
        var values = Enumerable.Range(0, 200).Select(_ => random.NextDouble() * 10).ToArray();
        var mean = Smoothing.RollingMean(values, 17);
        for (int i = 0; i < values.Length; i++)
        {
            int start = Math.Max(0, i - 16);
            Assert.Equal(values[start..(i + 1)].Average(), mean[i], 9);
        }
    }

    [Fact]
    public void Gradient_UnevenSteps_CentralDifferencesOneSidedAtEnds()
    {
        var g = RateOfChange.Gradient([0, 1, 3], [0, 2, 8]);
        Assert.Equal(2, g[0], 12);          // (2 - 0) / 1
        Assert.Equal(8.0 / 3, g[1], 12);    // (8 - 0) / 3
        Assert.Equal(3, g[2], 12);          // (8 - 2) / 2
    }

    [Fact]
    public void Smoothed_Quadratic_FollowsTheDerivative()
    {
        var x = Enumerable.Range(0, 101).Select(i => (double)i).ToArray();
        var y = x.Select(v => -0.5 * v * v).ToArray();
        // Interior central differences of -x^2/2 are exactly -x; with weight 0 nothing is smoothed.
        var rate = RateOfChange.Smoothed(x, y, 0);
        for (int i = 1; i < 100; i++) Assert.Equal(-x[i], rate[i], 9);
        // With smoothing the rate lags but keeps the sign.
        Assert.All(RateOfChange.Smoothed(x, y, 0.9).Skip(1), v => Assert.True(v < 0));
    }

    [Fact]
    public void MinMax_LongSeriesWithSpike_KeepsSpikeAndGap()
    {
        var x = Enumerable.Range(0, 10_000).Select(i => (double)i).ToArray();
        var y = x.Select(v => Math.Sin(v / 100)).ToArray();
        y[5_123] = 50;
        y[7_000] = double.NaN;
        var (dx, dy) = Downsampling.MinMax(x, y, 500);
        Assert.InRange(dx.Length, 250, 750);
        Assert.Contains(50.0, dy);
        Assert.Equal(5_123, dx[Array.IndexOf(dy, 50.0)]);
        Assert.Contains(dy, double.IsNaN);
        Assert.Equal(y.Where(double.IsFinite).Min(), dy.Where(double.IsFinite).Min());
        Assert.True(dx.Zip(dx.Skip(1)).All(p => p.First < p.Second), "x stays increasing");
    }

    [Fact]
    public void MinMax_ShortSeries_Unchanged()
    {
        var (dx, dy) = Downsampling.MinMax([1, 2, 3], [4, 5, 6], 10);
        Assert.Equal([1.0, 2, 3], dx);
        Assert.Equal([4.0, 5, 6], dy);
    }

    [Fact]
    public void Statistics_HandComputed()
    {
        var s = SeriesStatistics.Of([2, 4, double.NaN, 6]);
        Assert.Equal(3, s.Count);
        Assert.Equal(2, s.Initial);
        Assert.Equal(6, s.Final);
        Assert.Equal(2, s.Min);
        Assert.Equal(6, s.Max);
        Assert.Equal(4, s.Mean, 12);
        Assert.Equal(Math.Sqrt(8.0 / 3), s.Std, 12);  // ((2-4)^2 + 0 + (6-4)^2) / 3
        Assert.Equal(4, s.Change, 12);
        Assert.Equal(200, s.ChangePercent, 12);
    }

    [Fact]
    public void Statistics_NoFiniteValue_AllNaN()
    {
        var s = SeriesStatistics.Of([double.NaN]);
        Assert.Equal(0, s.Count);
        Assert.True(double.IsNaN(s.Mean) && double.IsNaN(s.ChangePercent));
    }

    [Fact]
    public void Histogram_NumpySemantics_LastBinClosed()
    {
        var h = HistogramBins.Compute([0, 0.5, 1, 1, 2, double.NaN], 2);
        Assert.Equal([0.0, 1, 2], h.Edges);
        Assert.Equal([2.0, 3], h.Counts);  // [0, 1): 0, 0.5; [1, 2]: 1, 1, 2
    }

    [Fact]
    public void Histogram_AllEqual_RangeIsValuePlusMinusHalf()
    {
        var h = HistogramBins.Compute([3, 3, 3], 4);
        Assert.Equal(2.5, h.Edges[0]);
        Assert.Equal(3.5, h.Edges[^1]);
        Assert.Equal(3, h.Counts.Sum());
    }

    [Fact]
    public void Percentile_LinearInterpolation()
    {
        Assert.Equal(2.5, Percentile.Of([4, 1, 3, 2], 50), 12);
        Assert.Equal(1.15, Percentile.Of([4, 1, 3, 2], 5), 12);   // rank 0.05 * 3 = 0.15
        Assert.Equal(4, Percentile.Of([4, 1, 3, 2, double.NaN], 100), 12);
    }

    [Fact]
    public void Convergence_FlatNoisyTail_ConvergedWithHandComputedCv()
    {
        // 90 decreasing points then a tail alternating 1.0 / 1.02: mean 1.01, population std 0.01, cv = 0.0099.
        var values = Enumerable.Range(0, 90).Select(i => 5.0 - i * 0.04).Concat(Enumerable.Range(0, 10).Select(i => i % 2 == 0 ? 1.0 : 1.02)).ToArray();
        var report = ConvergenceReport.Analyze(values);
        Assert.Equal(10, report.Window);
        Assert.Equal(1.01, report.WindowMean, 12);
        Assert.Equal(0.01 / 1.01, report.CoefficientOfVariation, 9);
        Assert.True(report.Converged);
        Assert.False(report.Diverged);
        Assert.Empty(report.SpikeIndices);
    }

    [Fact]
    public void Convergence_StillFalling_NotConverged()
    {
        var values = Enumerable.Range(0, 100).Select(i => 100.0 / (1 + i * 0.01) - 40).ToArray(); // the last 50 values fall from ~27 to ~10
        var report = ConvergenceReport.Analyze(values, new ConvergenceSettings { Window = 50, Threshold = 0.01 });
        Assert.False(report.Converged);
    }

    [Fact]
    public void Convergence_LossClimbsBackAndEndsNaN_DivergedWithNonFiniteCount()
    {
        var climbing = Enumerable.Range(0, 100).Select(i => i < 50 ? 1.0 : 1.0 + (i - 50) * 0.2).ToArray();
        Assert.True(ConvergenceReport.Analyze(climbing).Diverged);
        var nan = climbing.Take(40).Append(double.NaN).Append(double.PositiveInfinity).ToArray();
        var report = ConvergenceReport.Analyze(nan);
        Assert.Equal(2, report.NonFiniteCount);
        Assert.True(report.Diverged);
    }

    [Fact]
    public void Convergence_SingleSpike_FoundAtItsIndex()
    {
        var values = Enumerable.Repeat(1.0, 60).ToArray();
        values[45] = 3.5;   // > 3 x median 1 of the 20 values before
        values[50] = 2.5;   // < 3 x median: not a spike
        Assert.Equal(new[] { 45 }, ConvergenceReport.Analyze(values).SpikeIndices);
    }

    [Fact]
    public void Slope_TinySeries_MatchesHandComputedLeastSquares()
    {
        // y = 3, 1, 2 at x = 0, 1, 2: mean x 1, mean y 2, Sxx 2, Sxy -1 -> slope -0.5; residuals 0.5, -1, 0.5 -> SSE 1.5,
        // se = sqrt(1.5 / (3 - 2) / 2) = sqrt(0.75) -> t = -0.5 / 0.8660 = -0.5774.
        var (slope, t) = ConvergenceReport.Slope([3.0, 1.0, 2.0]);

        Assert.Equal(-0.5, slope, 12);
        Assert.Equal(-0.5 / Math.Sqrt(0.75), t, 12);
    }

    [Fact]
    public void Analyze_LossStillFalling6PercentAcrossTheWindow_IsStillImprovingThoughItsCvIsBelow5Percent()
    {
        // The newcomer's case: the last 20 of 200 points fall linearly from 100 to 94 with +-0.1 noise. The CV test alone
        // called this converged (CV about 1.9 %); the slope test does not.
        var values = new double[200];
        for (int i = 0; i < 180; i++) values[i] = 300 - i;
        for (int i = 0; i < 20; i++) values[180 + i] = 100 - 6.0 * i / 19 + (i % 2 == 0 ? 0.1 : -0.1);

        var report = ConvergenceReport.Analyze(values);

        Assert.Equal(20, report.Window);
        Assert.True(report.Converged);                       // the coefficient of variation alone is fooled
        Assert.True(report.StillImproving);
        Assert.Equal(-6.0 / 97.0, report.RelativeChange, 2);  // fitted fall 6 over a window mean of 97
    }

    [Fact]
    public void Analyze_FlatNoisySeries_IsNotStillImproving()
    {
        var values = Enumerable.Range(0, 200).Select(i => 100 + (i % 2 == 0 ? 2.0 : -2.0) + (i % 7) * 0.3).ToArray();

        var report = ConvergenceReport.Analyze(values);

        Assert.False(report.StillImproving);
        Assert.InRange(report.RelativeChange, -0.02, 0.02);
    }
}
