namespace SaePlatform.Contracts.Architectures;

/// <summary>Where training stands, passed to every forward pass and hook.</summary>
/// <param name="Step">Zero-based optimiser step about to be taken.</param>
/// <param name="TotalSteps">Planned number of steps.</param>
/// <param name="SparsityCoefficient">Current sparsity coefficient (after its warm-up).</param>
/// <param name="LearningRate">Current learning rate.</param>
/// <param name="SamplesSeen">Training rows consumed before this step.</param>
public readonly record struct TrainingStep(long Step, long TotalSteps, float SparsityCoefficient, float LearningRate, long SamplesSeen)
{
    /// <summary>
    /// True for a training step, whose forward pass is followed by backward and the optimiser hooks; false for a
    /// validation pass, which must leave training state (such as a tracked threshold) alone. Default true.
    /// </summary>
    public bool IsTraining { get; init; } = true;

    /// <summary>
    /// The run's dead-feature counters as of this forward pass, or null outside a run (then no feature counts as
    /// dead). See <see cref="DeadMask"/>.
    /// </summary>
    public IDeadFeatures? DeadFeatures { get; init; }

    /// <summary>
    /// <see cref="IDeadFeatures.Mask"/> of <see cref="DeadFeatures"/>, or an empty span and a count of 0 when there
    /// is none.
    /// </summary>
    public ReadOnlySpan<bool> DeadMask(out int count)
    {
        if (DeadFeatures is { } dead) return dead.Mask(out count);
        count = 0;
        return [];
    }
}
