using SaePlatform.Host.Dashboard;

namespace SaePlatform.Host.Tests.Dashboard;

/// <summary>The dashboard's smoothing (TensorBoard's debiased EMA) and its min/max per pixel column thinning.</summary>
public sealed class SeriesMathTests
{
    [Fact]
    public void DebiasedEma_MatchesHandComputedValues()
    {
        // w = 0.5: last = 0.5 -> 0.5 / (1 - 0.5) = 1; last = 0.25 + 1 = 1.25 -> 1.25 / 0.75; last = 0.625 + 1.5 = 2.125 -> / 0.875.
        var smoothed = SeriesMath.DebiasedEma([1f, 2f, 3f], 0.5);

        Assert.Equal(1.0, smoothed[0], 6);
        Assert.Equal(1.25 / 0.75, smoothed[1], 6);
        Assert.Equal(2.125 / 0.875, smoothed[2], 6);
    }

    [Fact]
    public void DebiasedEma_GapsPassThroughAndDoNotCount()
    {
        // The NaN is kept and skipped: the third value is the second one averaged, (0.25 + 1.5) / (1 - 0.25).
        var smoothed = SeriesMath.DebiasedEma([1f, float.NaN, 3f], 0.5);

        Assert.Equal(1.0, smoothed[0], 6);
        Assert.True(float.IsNaN(smoothed[1]));
        Assert.Equal(1.75 / 0.75, smoothed[2], 6);
    }

    [Fact]
    public void DebiasedEma_ConstantSeriesAndZeroWeight_AreUnchanged()
    {
        Assert.Equal([0.1f, 0.1f, 0.1f], SeriesMath.DebiasedEma([0.1f, 0.1f, 0.1f], 0.9));
        Assert.Equal([4f, 1f, 7f], SeriesMath.DebiasedEma([4f, 1f, 7f], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => SeriesMath.DebiasedEma([1f], 1.0));
    }

    [Theory]
    [InlineData(50, 10_000, 1)]
    [InlineData(300, 100_000, 2)]
    [InlineData(7, 1_000, 3)]
    public void MinMaxPerColumn_KeepsExactlyEachColumnsExtremes_AsANaiveGroupingFinds(int width, int n, int seed)
    {
        var random = new Random(seed);
        var x = new double[n];
        var y = new float[n];
        double position = 0;
        for (int i = 0; i < n; i++)
        {
            position += random.NextDouble() < 0.01 ? 50 : 1 + random.NextDouble();   // uneven logging, with holes
            x[i] = position;
            y[i] = random.NextDouble() < 0.02 ? float.NaN : (float)(random.NextDouble() + (i == n / 3 ? 100 : 0));   // one spike
        }

        var kept = SeriesMath.MinMaxPerColumn(x, y, width);

        // Naive reference: the pixel column of every finite point, then its min and max per column.
        double x0 = x[0], x1 = x[^1];
        var expected = Enumerable.Range(0, n).Where(i => float.IsFinite(y[i]))
            .GroupBy(i => Math.Min(width - 1, (int)Math.Floor((x[i] - x0) / (x1 - x0) * width)))
            .ToDictionary(g => g.Key, g => (Min: g.Min(i => y[i]), Max: g.Max(i => y[i])));
        var actual = kept.GroupBy(i => Math.Min(width - 1, (int)Math.Floor((x[i] - x0) / (x1 - x0) * width)))
            .ToDictionary(g => g.Key, g => (Min: g.Min(i => y[i]), Max: g.Max(i => y[i]), Count: g.Count()));

        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (column, (min, max)) in expected)
        {
            Assert.Equal(min, actual[column].Min);
            Assert.Equal(max, actual[column].Max);
            Assert.InRange(actual[column].Count, 1, 2);
        }
        Assert.Equal(kept.Order(), kept);
        Assert.Contains(n / 3, kept);   // the spike survives
        Assert.True(kept.Count <= 2 * width, $"{kept.Count} points for {width} columns");
    }

    [Fact]
    public void MinMaxPerColumn_ShortSeries_IsReturnedWholeWithoutGaps()
    {
        var kept = SeriesMath.MinMaxPerColumn([0, 1, 2, 3], [1f, float.NaN, 3f, 4f], 100);

        Assert.Equal([0, 2, 3], kept);
    }
}
