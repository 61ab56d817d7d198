using SaePlatform.Host.Configuration.Sections;

namespace SaePlatform.Host.Training.Schedules;

/// <summary>
/// Linear warm-up from 0, then constant or cosine, then an optional linear decay to 0 over the last
/// steps (SAE_REFERENCE.md "Optimiser"). Rates are float64 up to the optimiser, as <c>IOptimizer.LearningRate</c> is.
/// </summary>
internal sealed record LearningRateSchedule(double BaseRate, long TotalSteps, long WarmupSteps, LrSchedule Shape, long DecaySteps, double CosineFloor = 0)
{
    /// <summary>
    /// The schedule of the training section: <c>lr_end</c> (the cosine floor) defaults to <c>lr / 10</c>, as documented on
    /// <see cref="TrainingOptions.LrEnd"/>.
    /// </summary>
    public static LearningRateSchedule Create(TrainingOptions options, long totalSteps) =>
        new(options.Lr, totalSteps, options.LrWarmupSteps, options.LrSchedule, options.LrDecaySteps, options.LrEnd ?? options.Lr / 10);

    public double At(long step)
    {
        double lr = BaseRate;
        if (WarmupSteps > 0 && step < WarmupSteps) return BaseRate * (step + 1) / WarmupSteps;
        if (Shape == LrSchedule.Cosine)
        {
            double t = TotalSteps - WarmupSteps <= 0 ? 1 : (double)(step - WarmupSteps) / (TotalSteps - WarmupSteps);
            lr = CosineFloor + (BaseRate - CosineFloor) * 0.5 * (1 + Math.Cos(Math.PI * Math.Clamp(t, 0, 1)));
        }
        long decayStart = TotalSteps - DecaySteps;
        if (DecaySteps > 0 && step >= decayStart) lr *= Math.Max(0, (double)(TotalSteps - step) / DecaySteps);
        return lr;
    }
}

/// <summary>Sparsity coefficient warm-up: linear from 0 to the target over the first N steps.</summary>
internal sealed record SparsityWarmup(double Target, long WarmupSteps)
{
    public double At(long step) => WarmupSteps <= 0 || step >= WarmupSteps ? Target : Target * (step + 1) / WarmupSteps;
}
