using SaePlatform.Contracts.Runs;
using SaePlatform.Contracts.Visualization.Transforms;

namespace SaePlatform.Host.Training.Health;

/// <summary>
/// The verdict on a finished run (issue 14, item 4), first match wins: diverged (a non-finite loss, or the loss well above
/// its best), interrupted (never "converged" before the budget is reached), degenerate (most features dead, explained
/// variance near or below 0, or L0 collapsed), still improving (the slope test over the final window: the fitted
/// reconstruction or total loss falls by more than 2 % of its mean with t &lt; -2), converged.
/// </summary>
internal static class RunJudge
{
    /// <summary>Dead fraction above which an SAE is degenerate ("most features dead").</summary>
    public const double DegenerateDeadFraction = 0.5;

    /// <summary>Judges a run from its outcome, history, final evaluation and warnings.</summary>
    /// <param name="divergence">The divergence message when a loss became non-finite, else null.</param>
    /// <param name="featureCount">d_sae.</param>
    public static RunHealth Judge(RunOutcome outcome, long stepsCompleted, long stepsPlanned, TrainingHistory history,
        EvaluationResult? evaluation, int featureCount, IReadOnlyList<TrainingWarning> warnings, string? divergence = null)
    {
        RunHealth Health(RunVerdict verdict, List<string> reasons) => new(outcome, stepsCompleted, stepsPlanned, verdict, reasons, warnings);

        // A resampling event re-initialises features and the loss jumps, by design: judge the losses from the last event on.
        int from = AfterLastResampling(history);
        var total = Finite(history.Get(MetricNames.OverallLoss), from);
        var mse = Finite(history.Get(MetricNames.MseLoss), from);
        var totalReport = total.Length > 0 ? ConvergenceReport.Analyze(total) : null;
        var mseReport = mse.Length > 0 ? ConvergenceReport.Analyze(mse) : null;
        if (divergence is not null) return Health(RunVerdict.Diverged, [divergence]);
        if (totalReport is { Diverged: true } || mseReport is { Diverged: true })
            return Health(RunVerdict.Diverged, ["the loss over the final window is more than twice its best (smoothed) value"
                + (from > 0 ? $" since the last resampling event (after step {history.Steps[from - 1] + 1})" : "") + "; lower training.lr"]);

        var degenerate = DegenerateReasons(history, evaluation, featureCount);
        if (outcome == RunOutcome.Interrupted)
            return Health(RunVerdict.Interrupted, [$"stopped at step {stepsCompleted} of {stepsPlanned} ({(double)stepsCompleted / Math.Max(1, stepsPlanned):P0}); resume with sae train --resume", .. degenerate]);
        if (degenerate.Count > 0) return Health(RunVerdict.Degenerate, degenerate);

        if (outcome == RunOutcome.StoppedEarly)
            return Health(RunVerdict.Converged, [$"early stopping at step {stepsCompleted}: the validation loss stopped improving"]);
        var falling = new List<string>();
        if (mseReport is { StillImproving: true }) falling.Add($"{MetricNames.MseLoss} fell {-mseReport.RelativeChange:P1} across the last {mseReport.Window} logged steps");
        if (totalReport is { StillImproving: true }) falling.Add($"{MetricNames.OverallLoss} fell {-totalReport.RelativeChange:P1} across the last {totalReport.Window} logged steps");
        if (falling.Count > 0) return Health(RunVerdict.StillImproving, [.. falling, "raise training.steps"]);
        string flat = mseReport is null ? "no loss logged" :
            $"{MetricNames.MseLoss} changed {mseReport.RelativeChange:P1} across the last {mseReport.Window} logged steps (slope t {mseReport.SlopeT:F1})";
        return Health(RunVerdict.Converged, [flat]);
    }

    /// <summary>Why the SAE is degenerate: most features dead, explained variance near or below 0, L0 collapsed; empty when it is not.</summary>
    private static List<string> DegenerateReasons(TrainingHistory history, EvaluationResult? evaluation, int featureCount)
    {
        var reasons = new List<string>();
        // Dead as the run defines it (the dead-feature window), at the last step; the evaluation's never-fired fraction when not logged.
        var deadColumn = Finite(history.Get(MetricNames.DeadFeatures));
        double deadFraction = deadColumn.Length > 0 ? deadColumn[^1] / featureCount : evaluation?.Values.GetValueOrDefault(MetricNames.Evaluation.DeadFraction, double.NaN) ?? double.NaN;
        if (deadFraction > DegenerateDeadFraction) reasons.Add($"{deadFraction:P1} of features dead");
        var values = evaluation?.Values;
        double ev = values?.GetValueOrDefault(MetricNames.Evaluation.ExplainedVariance, double.NaN) ?? double.NaN;
        if (!double.IsFinite(ev)) ev = Finite(history.Get(MetricNames.ExplainedVariance)) is { Length: > 0 } e ? e[^1] : double.NaN;
        if (ev <= HealthSettings.LowExplainedVariance) reasons.Add($"explained variance {ev:F3} {(ev < 0 ? "below 0" : "near 0")}");
        double l0 = values?.GetValueOrDefault(MetricNames.Evaluation.L0, double.NaN) ?? double.NaN;
        if (l0 < HealthSettings.CollapsedL0) reasons.Add($"L0 collapsed to {l0:F2}");
        return reasons;
    }

    private static double[] Finite(IReadOnlyList<double>? column) => column is null ? [] : column.Where(double.IsFinite).ToArray();

    private static double[] Finite(IReadOnlyList<double>? column, int from) => column is null ? [] : column.Skip(from).Where(double.IsFinite).ToArray();

    /// <summary>
    /// The history row after the last resampling event that re-initialised features, or 0 without one; 0 too when fewer than
    /// <see cref="MinRowsAfterResampling"/> rows follow it (too few to judge: the whole run is judged then).
    /// </summary>
    private static int AfterLastResampling(TrainingHistory history)
    {
        var resampled = history.Get(MetricNames.Resampled);
        if (resampled is null) return 0;
        for (int i = resampled.Count - 1; i >= 0; i--)
            if (resampled[i] > 0) return resampled.Count - (i + 1) >= MinRowsAfterResampling ? i + 1 : 0;
        return 0;
    }

    /// <summary>Logged rows a run needs after its last resampling event for the verdict to judge only those.</summary>
    public const int MinRowsAfterResampling = 10;
}
