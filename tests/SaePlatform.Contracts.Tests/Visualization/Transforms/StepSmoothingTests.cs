using SaePlatform.Contracts.Visualization.Transforms;

namespace SaePlatform.Contracts.Tests.Visualization.Transforms;

public sealed class StepSmoothingTests
{
    [Fact]
    public void EmaOverSteps_UnitSpacing_EqualsTensorBoardsEma()
    {
        double[] values = [3, 1, 4, 1, 5, 9, 2, 6];
        double[] steps = [.. Enumerable.Range(0, values.Length).Select(i => (double)i)];
        var perStep = Smoothing.EmaOverSteps(steps, values, 0.7);
        var tensorBoard = Smoothing.Ema(values, 0.7);
        for (int i = 0; i < values.Length; i++) Assert.Equal(tensorBoard[i], perStep[i], 12);
    }

    [Fact]
    public void EmaOverSteps_TenStepsApart_HandComputedWithDecayWToTheTenth()
    {
        // w = 0.9 per step, points 10 steps apart: a = 0.9^10 = 0.3486784401.
        // First: last = (1-a) 2, norm = 1-a -> 2. Second: last = a(1-a)2 + (1-a)4, norm = a(1-a) + (1-a) -> (2a + 4) / (a + 1).
        // Third (20 steps later, after a NaN): b = 0.9^20; last = b * last + (1-b) 8, norm = b * norm + (1-b).
        double a = Math.Pow(0.9, 10), b = Math.Pow(0.9, 20);
        var smoothed = Smoothing.EmaOverSteps([0, 10, 20, 30], [2, 4, double.NaN, 8], 0.9);
        Assert.Equal(2, smoothed[0], 12);
        Assert.Equal((2 * a + 4) / (a + 1), smoothed[1], 12);
        Assert.True(double.IsNaN(smoothed[2]));
        double last = a * (1 - a) * 2 + (1 - a) * 4, norm = a * (1 - a) + (1 - a);
        Assert.Equal((b * last + (1 - b) * 8) / (b * norm + (1 - b)), smoothed[3], 12);
    }

    [Fact]
    public void EmaOverSteps_SameWeightAtLogEvery1And10_SameCurveAtTheCommonSteps()
    {
        // A falling curve sampled every step and every 10th step: the per-step weight means the same smoothing, so the
        // two smoothed curves agree where both have a point (up to the discretisation of the samples in between).
        static double F(double s) => 5 * Math.Exp(-s / 150) + 1;
        double[] fine = [.. Enumerable.Range(0, 1001).Select(i => (double)i)];
        double[] coarse = [.. Enumerable.Range(0, 101).Select(i => i * 10.0)];
        var a = Smoothing.EmaOverSteps(fine, [.. fine.Select(F)], 0.97);
        var b = Smoothing.EmaOverSteps(coarse, [.. coarse.Select(F)], 0.97);
        for (int i = 10; i <= 100; i += 10) Assert.Equal(a[i * 10], b[i], 2.5e-2 * a[i * 10]);   // measured: at most 1.7 % apart
        // The per-point TensorBoard weight does not have this property: 0.97 per logged point lags 10x more at log_every 10.
        var perPoint = Smoothing.Ema([.. coarse.Select(F)], 0.97);
        Assert.True(perPoint[50] - F(500) > 5 * (b[50] - F(500)));
    }

    [Fact]
    public void CenteredRollingMean_HandComputed_WindowInStepsAroundEachPoint()
    {
        // Window 20 steps: the points within +-10 steps. Steps 0,10,20,30,40.
        var mean = Smoothing.CenteredRollingMean([0, 10, 20, 30, 40], [1, 2, 6, double.NaN, 10], 20);
        Assert.Equal(1.5, mean[0], 12);            // 0 and 10
        Assert.Equal(3, mean[1], 12);              // 0, 10, 20
        Assert.Equal(4, mean[2], 12);              // 10, 20 (30 is a gap)
        Assert.True(double.IsNaN(mean[3]));
        Assert.Equal(10, mean[4], 12);             // 30 is a gap, 40
    }

    [Fact]
    public void CenteredRollingMean_Symmetric_NoLagAtAMinimum()
    {
        // |s - 50| sampled every step: the centred mean keeps the minimum at step 50 (a trailing mean would move it right).
        double[] steps = [.. Enumerable.Range(0, 101).Select(i => (double)i)];
        var smoothed = Smoothing.CenteredRollingMean(steps, [.. steps.Select(s => Math.Abs(s - 50))], 21);
        Assert.Equal(50, Array.IndexOf(smoothed, smoothed.Min()));
    }
}
