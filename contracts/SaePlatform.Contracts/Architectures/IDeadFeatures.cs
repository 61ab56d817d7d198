using SaePlatform.Tensors;

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
/// training step before it and none after. The runtime keeps the counters where the engine computes (on a device, on
/// the device): <see cref="Count"/>, <see cref="MaskTensor"/> and <see cref="Indices"/> need no transfer there, while
/// <see cref="Mask"/> and <see cref="StepsSinceFired"/> copy to the host.
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

    /// <summary>How many features are dead (as <see cref="Mask"/> counts them), known on the host.</summary>
    int Count
    {
        get
        {
            Mask(out int count);
            return count;
        }
    }

    /// <summary>The dead flags as a float32 tensor [d_sae] (1 dead, 0 alive) on the engine's current device.</summary>
    Tensor MaskTensor()
    {
        var mask = Mask(out _);
        var values = new float[mask.Length];
        for (int i = 0; i < values.Length; i++) values[i] = mask[i] ? 1f : 0f;
        return Tensor.Input(values, values.Length);
    }

    /// <summary>The dead features' indices, ascending, on the engine's current device (<see cref="Count"/> of them).</summary>
    IndexTensor Indices()
    {
        var mask = Mask(out int count);
        var dead = new int[count];
        for (int f = 0, k = 0; f < mask.Length; f++)
            if (mask[f]) dead[k++] = f;
        return IndexTensor.FromArray(dead);
    }
}
