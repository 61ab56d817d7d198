namespace SaePlatform.Contracts.Architectures;

/// <summary>
/// The run's one dead-feature tracker, read-only, as an architecture with a dead-feature loss (AuxK, JumpReLU's
/// pre-activation loss) sees it through <see cref="TrainingStep.DeadFeatures"/>. The runtime counts firing after
/// every training step (never in validation), checkpoints the counters and uses the same test for its
/// <c>sparsity/dead_features</c> metric, so an architecture keeps no tracker of its own.
/// </summary>
/// <remarks>
/// A feature fires in a step when any row of the step's features is not exactly 0 (SAELens's
/// n_forward_passes_since_fired). The view is as of the forward pass it is handed to: the counts include every
/// training step before it and none after.
/// </remarks>
public interface IDeadFeatures
{
    /// <summary>Training steps since <paramref name="feature"/> last fired (since the start when it never fired).</summary>
    long StepsSinceFired(int feature);

    /// <summary>
    /// Dead flags [d_sae]: features that fired in none of the last W training steps, W being the run's
    /// <c>training.dead_feature_window</c>; <paramref name="count"/> is how many are set. The span is valid until
    /// the next call.
    /// </summary>
    ReadOnlySpan<bool> Mask(out int count);
}
