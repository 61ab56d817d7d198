using SaePlatform.Host.Rendering.Layout;

namespace SaePlatform.Host.Tests.Rendering;

public sealed class TicksTests
{
    [Theory]
    [InlineData(0, 5.3, 6, 2)]      // 5.3 / 5 = 1.06 -> 2
    [InlineData(0, 1, 5, 0.25)]     // 1 / 4 = 0.25 exactly
    [InlineData(0, 100, 11, 10)]    // 100 / 10 = 10
    [InlineData(-0.003, 0.012, 4, 0.005)] // 0.015 / 3 = 0.005
    [InlineData(0, 7, 8, 1)]        // 7 / 7 = 1
    public void NiceStep_Span_SmallestNiceStepAtLeastSpanOverIntervals(double lo, double hi, int maxTicks, double expectedIfExact)
    {
        double step = Ticks.NiceStep(lo, hi, maxTicks);
        // Hand rule: the smallest of {1, 2, 2.5, 5, 10} x 10^k that is >= span / (maxTicks - 1).
        double raw = (hi - lo) / (maxTicks - 1);
        double[] candidates = [.. new[] { -4, -3, -2, -1, 0, 1, 2 }.SelectMany(k => new[] { 1, 2, 2.5, 5 }.Select(m => m * Math.Pow(10, k)))];
        double expected = candidates.Where(c => c >= raw * (1 - 1e-9)).Min();
        Assert.Equal(expected, step, 12);
        if (Math.Abs(raw - expectedIfExact) < 1e-12) Assert.Equal(expectedIfExact, step, 12);
    }

    [Fact]
    public void Linear_ZeroToFivePointThree_IntegerTicksWithoutDecimals()
    {
        var ticks = Ticks.Linear(0, 5.3, 7);
        Assert.Equal([0.0, 1, 2, 3, 4, 5], ticks.Select(t => t.Value).ToArray());
        Assert.Equal(["0", "1", "2", "3", "4", "5"], ticks.Select(t => t.Label).ToArray());
    }

    [Fact]
    public void Linear_QuarterSteps_TwoDecimalLabels()
    {
        var ticks = Ticks.Linear(-0.1, 1.1, 6);
        Assert.Equal(["0.00", "0.25", "0.50", "0.75", "1.00"], ticks.Select(t => t.Label).ToArray());
    }

    [Fact]
    public void Linear_NegativeRangeCrossingZero_ZeroIsExactlyZero()
    {
        var ticks = Ticks.Linear(-0.031, 0.002, 8);
        Assert.Contains(ticks, t => t.Value == 0 && t.Label == "0.000");
        Assert.Equal("-0.030", ticks[0].Label);
    }

    [Fact]
    public void Linear_LargeValues_ScientificLabels()
    {
        var ticks = Ticks.Linear(0, 3e6, 4);
        Assert.Equal(["0", "1e6", "2e6", "3e6"], ticks.Select(t => t.Label).ToArray());
    }

    [Fact]
    public void Linear_ShortAxisWhereTheTargetGivesOneTick_AtLeastThreeTicks()
    {
        // Target 3 on 0.86..6.26: step 2.7 -> 5, only the tick 5 inside; raised until 2, 4, 6.
        var ticks = Ticks.Linear(0.86, 6.26, 3);
        Assert.Equal([2.0, 4, 6], ticks.Select(t => t.Value).ToArray());
    }

    [Fact]
    public void Log10_SeveralDecades_DecadeTicksWithSuperscriptLabels()
    {
        var ticks = Ticks.Log10(3e-4, 20, 8);
        Assert.Equal([1e-3, 1e-2, 1e-1, 1, 10], ticks.Select(t => t.Value).ToArray());
        Assert.Equal(["10⁻³", "10⁻²", "10⁻¹", "10⁰", "10¹"], ticks.Select(t => t.Label).ToArray());
    }

    [Fact]
    public void Log10_ManyDecades_EveryOtherDecade()
    {
        var ticks = Ticks.Log10(1e-10, 1e3, 5);
        // 14 decades, at most 5 ticks -> every 3rd decade starting at 10^-10.
        Assert.Equal([-10, -7, -4, -1, 2], ticks.Select(t => (int)Math.Round(Math.Log10(t.Value))).ToArray());
    }

    [Fact]
    public void Log10_WithinOneDecade_PlainMultiples()
    {
        var ticks = Ticks.Log10(0.25, 0.95, 8);
        Assert.Equal(["0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9"], ticks.Select(t => t.Label).ToArray());
    }

    [Fact]
    public void Log10_AcrossOneDecadeBoundary_OneTwoFive()
    {
        var ticks = Ticks.Log10(0.15, 6, 8);
        Assert.Equal([0.2, 0.5, 1, 2, 5], ticks.Select(t => t.Value).ToArray(), new Tolerance());
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(9)]
    public void Log10_240To375_AtLeastThreeLabelledTicksInsideTheRange(int maxTicks)
    {
        // Inside one decade and between 200 and 500: the 1-2-5 multiples miss it and 1..9 give only 300; before, "300" was
        // the only label. Nice linear values 250, 300, 350 (a log axis places them as well) are used instead.
        var ticks = Ticks.Log10(240, 375, maxTicks);
        Assert.True(ticks.Count >= 3, string.Join(" ", ticks.Select(t => t.Label)));
        Assert.All(ticks, t => Assert.InRange(t.Value, 240, 375));
        if (maxTicks <= 5) Assert.Equal(["250", "300", "350"], ticks.Select(t => t.Label).ToArray());
    }

    [Theory]
    [InlineData(3)]
    [InlineData(6)]
    public void Linear_0p0012To0p0019_AtLeastThreeDistinctLabels(int maxTicks)
    {
        var ticks = Ticks.Linear(0.0012, 0.0019, maxTicks);
        Assert.True(ticks.Count >= 3);
        Assert.Equal(ticks.Count, ticks.Select(t => t.Label).Distinct().Count());
        Assert.All(ticks, t => Assert.InRange(t.Value, 0.0012 - 1e-12, 0.0019 + 1e-12));
        // Hand: target 3 -> 0.0007 / 2 = 0.00035 -> step 0.0005: only 0.0015 inside; raised to 4 -> 0.000233 -> step 0.00025.
        if (maxTicks == 3) Assert.Equal(["0.00125", "0.00150", "0.00175"], ticks.Select(t => t.Label).ToArray());
    }

    [Theory]
    [InlineData(3, new[] { -7, -3, 1 })]
    [InlineData(5, new[] { -7, -4, -1, 2 })]
    [InlineData(12, new[] { -7, -6, -5, -4, -3, -2, -1, 0, 1, 2, 3 })]
    public void Log10_1eMinus7To1e3_DecadesEveryNth(int maxTicks, int[] exponents)
    {
        // 11 decades; every ceil(11 / maxTicks)-th from 10^-7.
        var ticks = Ticks.Log10(1e-7, 1e3, maxTicks);
        Assert.Equal(exponents, ticks.Select(t => (int)Math.Round(Math.Log10(t.Value))).ToArray());
        Assert.Equal(exponents.Select(Ticks.DecadeLabel).ToArray(), ticks.Select(t => t.Label).ToArray());
    }

    [Fact]
    public void Log10_TwoDecadesOnly_OneTwoFiveInsteadOfTwoLabels()
    {
        // 0.5..15 holds the decades 1 and 10 only; before, those were its two labels.
        var ticks = Ticks.Log10(0.5, 15, 8);
        Assert.Equal([0.5, 1, 2, 5, 10], ticks.Select(t => t.Value).ToArray(), new Tolerance());
    }

    [Fact]
    public void Linear_StepOf25_IntegerLabelsWithoutATrailingZero()
    {
        // A histogram count axis 0..130: step 25 -> "0", "25", ..., "125" (it read "125.0" before).
        Assert.Equal(["0", "25", "50", "75", "100", "125"], Ticks.Linear(0, 130, 7).Select(t => t.Label).ToArray());
        Assert.Equal(["0.0", "2.5", "5.0", "7.5", "10.0"], Ticks.Linear(0, 10, 5).Select(t => t.Label).ToArray());
    }

    private sealed class Tolerance : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= 1e-12 * Math.Max(1, Math.Abs(a));
        public int GetHashCode(double v) => 0;
    }
}
