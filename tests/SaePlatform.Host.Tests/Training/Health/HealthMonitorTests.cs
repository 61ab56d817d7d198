using SaePlatform.Contracts.Runs;
using SaePlatform.Host.Tests.Support;
using SaePlatform.Host.Training.Health;

namespace SaePlatform.Host.Tests.Training.Health;

/// <summary>Warnings during training: when they appear, change, clear, and what they tell the user to do.</summary>
public sealed class HealthMonitorTests
{
    private const int DSae = 1000;

    private static HealthSettings Settings(double? targetL0 = null) =>
        new(DSae, InputWidth: 64, DeadWindow: 30, WarmupSteps: 20, SparsityCoefficient: 5, TargetL0: targetL0);

    // A healthy topk-like step (no sparsity term) with the given dead count, EV and L0.
    private static Dictionary<string, double> Step(double dead = 0, double ev = 0.8, double l0 = 24, double mse = 10, bool penalty = false)
    {
        var values = new Dictionary<string, double>
        {
            [MetricNames.MseLoss] = mse, [MetricNames.OverallLoss] = mse, [MetricNames.ExplainedVariance] = ev,
            [MetricNames.L0] = l0, [MetricNames.DeadFeatures] = dead,
        };
        if (penalty) values[MetricNames.SparsityLoss] = 1;
        return values;
    }

    [Fact]
    public void Observe_DeadFractionRises_WarnsOnAppearanceAndOnEachLevelNotEveryStep()
    {
        var log = new RecordingLogger();
        var monitor = new HealthMonitor(Settings(), log);

        for (long s = 20; s < 30; s++) monitor.Observe(s, Step(dead: 100));    // 10 %: below the 20 % threshold
        for (long s = 30; s < 40; s++) monitor.Observe(s, Step(dead: 300));    // 30 %: appears once
        for (long s = 40; s < 50; s++) monitor.Observe(s, Step(dead: 600));    // 60 %: the level changes once
        for (long s = 50; s < 60; s++) monitor.Observe(s, Step(dead: 50));     // 5 %: cleared

        var warnings = log.Warnings.ToList();
        Assert.Equal(2, warnings.Count);
        Assert.StartsWith("[dead_features] step 30: 30.0 % of features (300 of 1000) have not fired in the last 30 steps", warnings[0]);
        Assert.Contains("training.dead_feature_window (now 30 steps", warnings[0]);   // topk: AuxK's window is the fix
        Assert.StartsWith("[dead_features] step 40: 60.0 %", warnings[1]);
        Assert.Contains(log.Entries, e => e.Message == "[dead_features] cleared at step 50");
        var listed = Assert.Single(monitor.Warnings);
        Assert.Equal(("dead_features", 30L, 49L, false), (listed.Code, listed.FirstStep, listed.LastStep, listed.Active));
    }

    [Theory]
    [InlineData(true, 600, true)]
    [InlineData(true, 300, false)]    // 30 % dead: ghost grads measured worse there
    [InlineData(false, 600, false)]   // the architecture does not take them, or they are on
    public void Observe_MostFeaturesOfAPenaltyArchitectureDead_SuggestsGhostGradsOnlyWhereTheyApplyAndAreOff(bool available, int dead, bool suggested)
    {
        var log = new RecordingLogger();
        var monitor = new HealthMonitor(Settings() with { GhostGradsAvailable = available }, log);

        for (long s = 20; s < 25; s++) monitor.Observe(s, Step(dead: dead, penalty: true));

        var warning = Assert.Single(log.Warnings);
        Assert.Contains("lower training.sparsity_coefficient (now 5)", warning);
        Assert.Equal(suggested, warning.Contains("training.ghost_grads: true", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Observe_LossSpikeRightAfterAResamplingEvent_RaisesNoExplainedVarianceWarning(bool resampled)
    {
        var log = new RecordingLogger();
        var monitor = new HealthMonitor(Settings(), log);

        for (long s = 20; s < 50; s++) monitor.Observe(s, Step(penalty: true));
        var eventRow = Step(penalty: true);
        if (resampled) eventRow[MetricNames.Resampled] = 400;
        monitor.Observe(50, eventRow);
        for (long s = 51; s < 70; s++) monitor.Observe(s, Step(ev: s < 60 ? -2 : 0.8, mse: s < 60 ? 400 : 10, penalty: true));   // the spike, then recovered
        for (long s = 70; s < 90; s++) monitor.Observe(s, Step(penalty: true));

        // Without the event the same spike is a real problem and is reported; after one, it is the event's.
        Assert.Equal(!resampled, log.Warnings.Any(w => w.StartsWith("[explained_variance]", StringComparison.Ordinal)));
    }

    [Fact]
    public void Observe_BeforeWarmupEnds_RaisesNothing()
    {
        var log = new RecordingLogger();
        var monitor = new HealthMonitor(Settings(), log);

        for (long s = 0; s < 19; s++) monitor.Observe(s, Step(dead: 990, ev: -3, l0: 0));

        Assert.Empty(log.Warnings);
        Assert.Empty(monitor.Warnings);
    }

    [Fact]
    public void Observe_PenaltyArchitectureWithDeadFeatures_NamesTheSparsityCoefficient()
    {
        var log = new RecordingLogger();
        var monitor = new HealthMonitor(Settings(), log);

        monitor.Observe(25, Step(dead: 700, penalty: true));

        var warning = Assert.Single(log.Warnings);
        Assert.Contains("lower training.sparsity_coefficient (now 5)", warning);
    }

    [Fact]
    public void Observe_DataSettingsAlreadyUsed_RemedyDoesNotSuggestThemAgain()
    {
        var log = new RecordingLogger();
        var monitor = new HealthMonitor(Settings() with { NormalisedInput = true, BDecFromData = true }, log);

        monitor.Observe(25, Step(dead: 700));

        var warning = Assert.Single(log.Warnings);
        Assert.DoesNotContain("normalize_activations", warning);
        Assert.DoesNotContain("b_dec_init", warning);
        Assert.EndsWith("lower training.dead_feature_window (now 30 steps; AuxK starts after it), or lower training.lr", warning);
    }

    [Fact]
    public void Observe_ExplainedVarianceBelowZero_WarnsWithNormalisationRemedy()
    {
        var log = new RecordingLogger();
        var monitor = new HealthMonitor(Settings(), log);

        for (long s = 20; s < 25; s++) monitor.Observe(s, Step(ev: -0.4, mse: 100 - s));   // still falling: no plateau

        var warning = Assert.Single(log.Warnings);
        Assert.StartsWith("[explained_variance] step 22: explained variance -0.400", warning);   // after 3 recent points
        Assert.Contains("below 0: worse than predicting the batch mean", warning);
        Assert.Contains("training.normalize_activations: expected_average_only_in", warning);
        Assert.Contains("raise architecture.k", warning);
    }

    [Fact]
    public void Observe_L0CollapsedAndOffTarget_WarnsWithTheDirectionToMoveTheCoefficient()
    {
        var collapsed = new RecordingLogger();
        var a = new HealthMonitor(Settings(), collapsed);
        for (long s = 20; s < 23; s++) a.Observe(s, Step(l0: 0.1, penalty: true));
        Assert.Contains(collapsed.Warnings, w => w.StartsWith("[l0] step 22: L0 collapsed to 0.10", StringComparison.Ordinal) && w.Contains("lower training.sparsity_coefficient"));

        var dense = new RecordingLogger();
        var b = new HealthMonitor(Settings(targetL0: 30), dense);
        for (long s = 20; s < 23; s++) b.Observe(s, Step(l0: 314, penalty: true));
        Assert.Contains(dense.Warnings, w => w.Contains("L0 314.0 is more than 2x above training.target_l0 = 30") && w.Contains("raise training.sparsity_coefficient"));
    }

    [Fact]
    public void Observe_LossFlatAtTheDataVariance_WarnsThatTheSaePredictsTheMean()
    {
        var log = new RecordingLogger();
        var monitor = new HealthMonitor(Settings(), log);

        for (long s = 20; s < 30; s++) monitor.Observe(s, Step(ev: 0.01, mse: 50 + (s % 2) * 0.1, penalty: true));

        Assert.Contains(log.Warnings, w => w.StartsWith("[mean_plateau] step 29: the reconstruction loss has plateaued at the data's variance", StringComparison.Ordinal)
            && w.Contains("the SAE predicts the mean"));
    }

    [Fact]
    public void Replay_ResumedHistory_RebuildsTheWarningsWithoutPrintingThemAgain()
    {
        var history = new TrainingHistory();
        for (long s = 0; s < 40; s++) history.Append(s, Step(dead: s >= 30 ? 400 : double.NaN));
        var live = new HealthMonitor(Settings(), new RecordingLogger());
        for (long s = 0; s < 40; s++) live.Observe(s, s >= 30 ? Step(dead: 400) : Without(Step(), MetricNames.DeadFeatures));

        var log = new RecordingLogger();
        var resumed = new HealthMonitor(Settings(), log);
        resumed.Replay(history);

        Assert.Empty(log.Entries);
        Assert.Equal(live.Warnings, resumed.Warnings);
        Assert.Equal(30, Assert.Single(resumed.Warnings).FirstStep);
    }

    private static Dictionary<string, double> Without(Dictionary<string, double> values, string key)
    {
        values.Remove(key);
        return values;
    }
}
