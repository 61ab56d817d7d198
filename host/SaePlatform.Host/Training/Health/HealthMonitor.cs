using Microsoft.Extensions.Logging;
using SaePlatform.Contracts.Runs;
using SaePlatform.Contracts.Visualization.Transforms;

namespace SaePlatform.Host.Training.Health;

/// <summary>What <see cref="HealthMonitor"/> needs to know about the run.</summary>
/// <param name="FeatureCount">d_sae.</param>
/// <param name="InputWidth">d_in.</param>
/// <param name="DeadWindow">training.dead_feature_window resolved, in steps.</param>
/// <param name="WarmupSteps">Steps before any warning may appear: the learning-rate and sparsity warm-ups, and at least a tenth of the run.</param>
/// <param name="SparsityCoefficient">training.sparsity_coefficient (named in remedies).</param>
/// <param name="TargetL0">training.target_l0, or null.</param>
internal sealed record HealthSettings(int FeatureCount, int InputWidth, long DeadWindow, long WarmupSteps, double SparsityCoefficient, double? TargetL0)
{
    /// <summary>Dead fraction above which the dead-feature warning appears; it is printed again at 50 % and 90 %.</summary>
    public const double DeadFraction = 0.2;

    /// <summary>Explained variance (mean of the recent logged steps) at or below which the EV warning appears.</summary>
    public const double LowExplainedVariance = 0.1;

    /// <summary>Mean L0 below which it counts as collapsed.</summary>
    public const double CollapsedL0 = 0.5;

    /// <summary>Logged steps the EV, L0 and plateau tests look back over.</summary>
    public const int RecentPoints = 10;

    /// <summary>Logged steps the EV and L0 tests need at least (the plateau test needs <see cref="RecentPoints"/>).</summary>
    public const int MinimumRecentPoints = 3;

    /// <summary>training.normalize_activations is set (remedies then do not suggest it).</summary>
    public bool NormalisedInput { get; init; }

    /// <summary>architecture.b_dec_init is mean or geometric_median (remedies then do not suggest it).</summary>
    public bool BDecFromData { get; init; }

    /// <summary>The architecture takes ghost grads and the run has them off (the dead-feature remedy then suggests them past 50 % dead).</summary>
    public bool GhostGradsAvailable { get; init; }

    /// <summary>
    /// The data-dependent settings not yet used, as a remedy fragment ("set X and Y"), or null when both are set:
    /// they keep features alive and the reconstruction near the data on rows with a large mean or scale (issue 14).
    /// </summary>
    public string? DataSettings()
    {
        var missing = new List<string>();
        if (!BDecFromData) missing.Add("architecture.b_dec_init: geometric_median");
        if (!NormalisedInput) missing.Add("training.normalize_activations: expected_average_only_in");
        return missing.Count == 0 ? null : "set " + string.Join(" and ", missing);
    }
}

/// <summary>
/// Watches the logged steps for the conditions that make an SAE untrustworthy (issue 14): many dead features after
/// warm-up, explained variance near or below 0, L0 collapsed or far from its target, and the loss stuck at the data's
/// variance. Each warning names the likely cause and the option that fixes it; it is logged when it first appears,
/// when its level changes (for example dead 20 % -> 50 %) and when it clears, never at every step.
/// </summary>
internal sealed class HealthMonitor(HealthSettings settings, ILogger log)
{
    private readonly Dictionary<string, State> _states = [];
    private readonly List<string> _order = [];
    private readonly Queue<(double Ev, double L0, double Mse)> _recent = new();
    private long _settledAfter = -1;
    private bool _replaying;

    private sealed class State
    {
        public long FirstStep, LastStep;
        public string Level = "", Message = "", Remedy = "";
        public bool Active;
    }

    /// <summary>Every warning raised so far, in order of first appearance.</summary>
    public IReadOnlyList<TrainingWarning> Warnings => _order.Select(Warning).ToList();

    private TrainingWarning Warning(string code)
    {
        var s = _states[code];
        return new TrainingWarning(code, s.FirstStep, s.LastStep, s.Active, s.Message, s.Remedy);
    }

    /// <summary>
    /// Rebuilds the state from a resumed run's history without logging, so that the resumed run warns, and ends with the
    /// same warnings, as a run never stopped.
    /// </summary>
    public void Replay(TrainingHistory history)
    {
        _replaying = true;
        for (int i = 0; i < history.Steps.Count; i++)
        {
            var row = new Dictionary<string, double>();
            foreach (var name in history.MetricNames)
                if (history.Get(name)![i] is var v && double.IsFinite(v)) row[name] = v;
            Observe(history.Steps[i], row);
        }
        _replaying = false;
    }

    /// <summary>Checks the metrics of logged step <paramref name="step"/> (zero-based).</summary>
    public void Observe(long step, IReadOnlyDictionary<string, double> values)
    {
        double ev = values.GetValueOrDefault(MetricNames.ExplainedVariance, double.NaN);
        double l0 = values.GetValueOrDefault(MetricNames.L0, double.NaN);
        double mse = values.GetValueOrDefault(MetricNames.MseLoss, double.NaN);
        // A resampling event re-initialises features and the loss jumps for a while, by design: the explained-variance,
        // L0 and plateau tests start again once the resampled features have had their dead-feature window.
        if (values.GetValueOrDefault(MetricNames.Resampled) > 0)
        {
            _recent.Clear();
            _settledAfter = step + settings.DeadWindow;
        }
        if (step <= _settledAfter)
        {
            if (step + 1 >= settings.WarmupSteps && values.TryGetValue(MetricNames.DeadFeatures, out double deadNow))
                CheckDead(step, deadNow, Penalised(values));
            return;
        }
        _recent.Enqueue((ev, l0, mse));
        if (_recent.Count > HealthSettings.RecentPoints) _recent.Dequeue();
        if (step + 1 < settings.WarmupSteps) return;
        bool penalised = Penalised(values);

        if (values.TryGetValue(MetricNames.DeadFeatures, out double dead)) CheckDead(step, dead, penalised);
        if (_recent.Count < HealthSettings.MinimumRecentPoints) return;
        double meanEv = _recent.Average(r => r.Ev), meanL0 = _recent.Average(r => r.L0);
        CheckExplainedVariance(step, meanEv, penalised);
        CheckL0(step, meanL0, penalised);
        CheckPlateau(step, meanEv, penalised);
    }

    // A structural-sparsity architecture (topk family) logs no sparsity term: its remedies differ.
    private static bool Penalised(IReadOnlyDictionary<string, double> values) => values.Keys.Any(k => k.StartsWith("losses/", StringComparison.Ordinal)
        && k is not MetricNames.MseLoss and not MetricNames.AuxiliaryLoss and not MetricNames.OverallLoss and not MetricNames.GhostGradLoss);

    private void CheckDead(long step, double dead, bool penalised)
    {
        double fraction = dead / settings.FeatureCount;
        string? level = fraction > 0.9 ? "90%" : fraction > 0.5 ? "50%" : fraction > HealthSettings.DeadFraction ? "20%" : null;
        string remedy = penalised
            ? $"the sparsity penalty silences features faster than they learn: lower training.sparsity_coefficient (now {settings.SparsityCoefficient:G4}) " +
              "or lengthen training.sparsity_warmup_steps" + (settings.DataSettings() is { } data ? $"; {data} to keep features alive" : "") +
              (settings.GhostGradsAvailable && fraction > 0.5
                  ? "; when most features die, training.ghost_grads: true gave fewer dead features and a better reconstruction at the same L0 in 1,000-step runs (docs/dead_features.md)"
                  : "")
            : $"features die before AuxK revives them: lower training.dead_feature_window (now {settings.DeadWindow} steps; AuxK starts after it)" +
              (settings.DataSettings() is { } d ? $", {d}" : "") + ", or lower training.lr";
        Set("dead_features", step, level,
            $"{fraction:P1} of features ({dead:F0} of {settings.FeatureCount}) have not fired in the last {Math.Min(settings.DeadWindow, step + 1)} steps", remedy);
    }

    private void CheckExplainedVariance(long step, double ev, bool penalised)
    {
        string? level = ev < 0 ? "below 0" : ev <= HealthSettings.LowExplainedVariance ? "near 0" : null;
        string remedy = "the reconstruction is no better than the data's mean, usually a large mean or scale the SAE cannot follow: " +
            (settings.DataSettings() is { } data ? data + ", " : "") +
            (penalised ? $"lower training.sparsity_coefficient (now {settings.SparsityCoefficient:G4})" : "raise architecture.k") + ", or train longer (training.steps)";
        Set("explained_variance", step, level,
            $"explained variance {ev:F3} (mean of the last {_recent.Count} logged steps) is {(ev < 0 ? "below 0: worse than predicting the batch mean" : "near 0")}", remedy);
    }

    private void CheckL0(long step, double l0, bool penalised)
    {
        string? level = null, message = "", remedy = "";
        if (l0 < HealthSettings.CollapsedL0)
        {
            level = "collapsed";
            message = $"L0 collapsed to {l0:F2} active features per row: almost nothing fires";
            remedy = penalised
                ? $"the sparsity coefficient is too strong: lower training.sparsity_coefficient (now {settings.SparsityCoefficient:G4}) or lengthen training.sparsity_warmup_steps"
                : "every feature is dead: lower training.dead_feature_window so AuxK revives them, and lower training.lr";
        }
        else if (settings.TargetL0 is { } target && (l0 > 2 * target || l0 < target / 2))
        {
            level = l0 > target ? "above target" : "below target";
            message = $"L0 {l0:F1} is more than 2x {(l0 > target ? "above" : "below")} training.target_l0 = {target:G4}";
            remedy = penalised
                ? $"{(l0 > target ? "raise" : "lower")} training.sparsity_coefficient (now {settings.SparsityCoefficient:G4})"
                : "set architecture.k to the target";
        }
        else if (settings.TargetL0 is null && penalised && l0 > settings.InputWidth / 2.0)
        {
            level = "dense";
            message = $"L0 {l0:F1} is above half of d_in ({settings.InputWidth}): the code is hardly sparse";
            remedy = $"the sparsity coefficient is too weak for this data: raise training.sparsity_coefficient (now {settings.SparsityCoefficient:G4}), or set training.target_l0 to be told how far off it is";
        }
        Set("l0", step, level, message, remedy);
    }

    private void CheckPlateau(long step, double ev, bool penalised)
    {
        string? level = null;
        double change = double.NaN;
        if (_recent.Count >= HealthSettings.RecentPoints && ev <= HealthSettings.LowExplainedVariance)
        {
            var mse = _recent.Select(r => r.Mse).ToArray();
            var (slope, _) = ConvergenceReport.Slope(mse);
            double mean = mse.Average();
            change = mean != 0 ? slope * (mse.Length - 1) / Math.Abs(mean) : double.NaN;
            if (Math.Abs(change) < 0.02) level = "plateau";
        }
        string remedy = "the SAE predicts the mean (x_hat = b_dec) and its features carry almost nothing, usually because they are dead or suppressed: " +
            (penalised ? $"lower training.sparsity_coefficient (now {settings.SparsityCoefficient:G4})" : $"lower training.dead_feature_window (now {settings.DeadWindow} steps) so AuxK revives features") +
            (settings.DataSettings() is { } data ? $"; {data}" : "");
        Set("mean_plateau", step, level,
            $"the reconstruction loss has plateaued at the data's variance (explained variance {ev:F3}, loss change {change:P1} over the last {_recent.Count} logged steps)", remedy);
    }

    // level null: the condition does not hold now.
    private void Set(string code, long step, string? level, string message, string remedy)
    {
        _states.TryGetValue(code, out var state);
        if (level is null)
        {
            if (state is { Active: true })
            {
                state.Active = false;
                state.Level = "";
                if (!_replaying) Log.WarningCleared(log, code, step);
            }
            return;
        }
        if (state is null)
        {
            state = new State { FirstStep = step };
            _states[code] = state;
            _order.Add(code);
        }
        bool changed = !state.Active || state.Level != level;
        state.Active = true;
        state.Level = level;
        state.LastStep = step;
        state.Remedy = remedy;
        if (changed)
        {
            state.Message = message;
            if (!_replaying) Log.HealthWarning(log, code, step, message, remedy);
        }
    }
}
