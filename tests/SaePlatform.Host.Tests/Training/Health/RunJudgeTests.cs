using SaePlatform.Contracts.Runs;
using SaePlatform.Host.Training.Health;

namespace SaePlatform.Host.Tests.Training.Health;

/// <summary>The end-of-run verdict: never "converged" for a degenerate SAE, an interrupted run or a loss still falling.</summary>
public sealed class RunJudgeTests
{
    private const int DSae = 100;

    // 100 logged steps; the loss settles at 10 with +-0.2 noise, or keeps falling by `finalFall` across the last 10 points.
    private static TrainingHistory History(double finalFall = 0, double dead = 5)
    {
        var history = new TrainingHistory();
        for (int i = 0; i < 100; i++)
        {
            double loss = i < 90 ? 10 + 50.0 / (1 + i) : 10 * (1 - finalFall * (i - 90) / 9.0);
            loss += i % 2 == 0 ? 0.02 : -0.02;
            history.Append(i, new Dictionary<string, double>
            {
                [MetricNames.MseLoss] = loss, [MetricNames.OverallLoss] = loss, [MetricNames.ExplainedVariance] = 0.8, [MetricNames.DeadFeatures] = dead,
            });
        }
        return history;
    }

    private static EvaluationResult Evaluation(double ev = 0.8, double l0 = 20) =>
        new("test", 100, new Dictionary<string, double> { ["explained_variance"] = ev, ["l0"] = l0, ["dead_fraction"] = 0.05 });

    private static RunHealth Judge(TrainingHistory history, RunOutcome outcome = RunOutcome.Completed, long steps = 100, EvaluationResult? evaluation = null) =>
        RunJudge.Judge(outcome, steps, 100, history, evaluation ?? Evaluation(), DSae, []);

    [Fact]
    public void Judge_SettledHealthyRun_IsConverged()
    {
        var health = Judge(History());

        Assert.Equal(RunVerdict.Converged, health.Verdict);
        Assert.StartsWith("converged (losses/mse_loss changed", health.Summary);
    }

    [Fact]
    public void Judge_LossStillFalling6Percent_IsStillImprovingAndSaysToTrainLonger()
    {
        var health = Judge(History(finalFall: 0.06));

        Assert.Equal(RunVerdict.StillImproving, health.Verdict);
        Assert.Contains(health.Reasons, r => r.StartsWith("losses/mse_loss fell", StringComparison.Ordinal));
        Assert.Contains("raise training.steps", health.Reasons);
    }

    [Fact]
    public void Judge_InterruptedAt6Percent_IsInterruptedEvenWithASettledLoss()
    {
        var health = Judge(History(), RunOutcome.Interrupted, steps: 36);

        Assert.Equal(RunVerdict.Interrupted, health.Verdict);
        Assert.StartsWith("stopped at step 36 of 100", health.Reasons[0]);
    }

    [Fact]
    public void Judge_MostFeaturesDead_IsDegenerateNamingTheFraction()
    {
        var health = Judge(History(dead: 98.5));

        Assert.Equal(RunVerdict.Degenerate, health.Verdict);
        Assert.Equal("degenerate (98.5 % of features dead)", health.Summary.Replace('\u00a0', ' '));
    }

    [Fact]
    public void Judge_ExplainedVarianceBelowZeroOrL0Collapsed_IsDegenerateWithEachReason()
    {
        var health = Judge(History(), evaluation: Evaluation(ev: -0.44, l0: 0.2));

        Assert.Equal(RunVerdict.Degenerate, health.Verdict);
        Assert.Equal(["explained variance -0.440 below 0", "L0 collapsed to 0.20"], health.Reasons);
    }

    [Fact]
    public void Judge_DivergenceMessage_IsDivergedWithIt()
    {
        var health = RunJudge.Judge(RunOutcome.Failed, 40, 100, History(), null, DSae, [], "Training diverged at step 40: losses/mse_loss = NaN.");

        Assert.Equal(RunVerdict.Diverged, health.Verdict);
        Assert.Equal("diverged (Training diverged at step 40: losses/mse_loss = NaN.)", health.Summary);
    }

    [Fact]
    public void Judge_EarlyStoppingOnAHealthySae_IsConverged()
    {
        var health = Judge(History(finalFall: 0.06), RunOutcome.StoppedEarly, steps: 80);

        Assert.Equal(RunVerdict.Converged, health.Verdict);
        Assert.Contains("validation loss stopped improving", health.Reasons[0]);
    }

    // The settled run with a resampling event at row `eventRow`: the loss jumps to 5x its best there and decays back to it.
    private static TrainingHistory Resampled(int eventRow, double jump = 5)
    {
        var history = new TrainingHistory();
        for (int i = 0; i < 100; i++)
        {
            double loss = i <= eventRow ? 10 + 50.0 / (1 + i) : 10 + 10 * (jump - 1) * Math.Exp(-(i - eventRow) / 3.0);
            loss += i % 2 == 0 ? 0.02 : -0.02;
            var values = new Dictionary<string, double>
            {
                [MetricNames.MseLoss] = loss, [MetricNames.OverallLoss] = loss, [MetricNames.ExplainedVariance] = 0.8, [MetricNames.DeadFeatures] = 5,
            };
            if (i == eventRow) values[MetricNames.Resampled] = 40;
            history.Append(i, values);
        }
        return history;
    }

    [Fact]
    public void Judge_LossJumpAfterAResamplingEvent_IsJudgedFromTheEventOn_NotAsDivergence()
    {
        // Judged over the whole run, the final window (still 2-4x the best) would read as divergence.
        var health = Judge(Resampled(eventRow: 88, jump: 10));

        Assert.NotEqual(RunVerdict.Diverged, health.Verdict);
        Assert.Equal(RunVerdict.Converged, Judge(Resampled(eventRow: 60, jump: 10)).Verdict);
    }

    [Fact]
    public void Judge_LossStillHighLongAfterTheLastEvent_IsStillDiverged()
    {
        // No decay after the event: the loss stays 5x the best it had before, and then doubles past the event's own best.
        var history = new TrainingHistory();
        for (int i = 0; i < 100; i++)
        {
            double loss = i <= 50 ? 10 : i < 80 ? 10 : 40;
            var values = new Dictionary<string, double> { [MetricNames.MseLoss] = loss, [MetricNames.OverallLoss] = loss, [MetricNames.ExplainedVariance] = 0.8 };
            if (i == 50) values[MetricNames.Resampled] = 40;
            history.Append(i, values);
        }

        var health = Judge(history);

        Assert.Equal(RunVerdict.Diverged, health.Verdict);
        Assert.Contains("since the last resampling event (after step 51)", health.Reasons[0]);
    }
}
