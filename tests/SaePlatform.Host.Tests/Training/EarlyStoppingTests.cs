using SaePlatform.Host.Training;

namespace SaePlatform.Host.Tests.Training;

/// <summary>The early-stopping rule on crafted validation curves.</summary>
public sealed class EarlyStoppingTests
{
    private static int StopIndex(EarlyStopping rule, double[] losses)
    {
        for (int i = 0; i < losses.Length; i++)
            if (rule.Observe(i, losses[i])) return i;
        return -1;
    }

    [Fact]
    public void Observe_PlateauAfterMinimum_StopsAfterPatienceEvaluationsWithoutImprovement()
    {
        // Best at index 3 (0.5); indices 4, 5, 6 do not improve -> patience 3 stops at index 6.
        double[] curve = [1.0, 0.8, 0.6, 0.5, 0.55, 0.52, 0.51, 0.4];
        Assert.Equal(6, StopIndex(new EarlyStopping(3, 0), curve));
    }

    [Fact]
    public void Observe_ImprovementSmallerThanMinDelta_DoesNotResetPatience()
    {
        // With min_delta 0.05 an evaluation improves only below 1.0 - 0.05 = 0.95: 0.99, 0.98, 0.97 do not, so
        // patience 3 stops at index 3 before the real drop to 0.5.
        double[] curve = [1.0, 0.99, 0.98, 0.97, 0.5];
        Assert.Equal(3, StopIndex(new EarlyStopping(3, 0.05), curve));
        Assert.Equal(-1, StopIndex(new EarlyStopping(3, 0.0), curve));   // every tiny gain counts without min_delta
    }

    [Fact]
    public void Observe_PatienceZero_NeverStops()
    {
        Assert.Equal(-1, StopIndex(new EarlyStopping(0, 0), [1, 2, 3, 4, 5, 6]));
    }

    [Fact]
    public void Observe_NaNLoss_CountsAsNoImprovement()
    {
        var rule = new EarlyStopping(2, 0);
        Assert.False(rule.Observe(0, 1.0));
        Assert.False(rule.Observe(1, double.NaN));
        Assert.True(rule.Observe(2, double.NaN));
        Assert.Equal(0, rule.State.BestStep);
        Assert.Equal(1.0, rule.State.BestLoss);
    }

    [Fact]
    public void Restore_MidCurve_ContinuesAsIfNeverStopped()
    {
        double[] curve = [1.0, 0.8, 0.9, 0.95, 0.85, 0.99];
        var whole = new EarlyStopping(4, 0);
        int expected = StopIndex(whole, curve);

        var first = new EarlyStopping(4, 0);
        for (int i = 0; i < 3; i++) Assert.False(first.Observe(i, curve[i]));
        var second = new EarlyStopping(4, 0);
        second.Restore(first.State);
        int stop = -1;
        for (int i = 3; i < curve.Length && stop < 0; i++) if (second.Observe(i, curve[i])) stop = i;

        Assert.Equal(5, expected);
        Assert.Equal(expected, stop);
    }
}
