using SaePlatform.Contracts.Runs;
using SaePlatform.Host.Training.Metrics;
using SaePlatform.Tensors;
using SaePlatform.Tensors.Optimizers;

namespace SaePlatform.Host.Training.Checkpoints;

/// <summary>
/// Everything a run needs to continue exactly where it stopped: the SAE's tensors (unfolded, as trained), the
/// optimiser state, the data position (one batch per step, so the step count), feature-activity counters,
/// early-stopping state (with the best validation point's weights), any <see cref="IResumableState"/> of the
/// architecture and the history so far.
/// </summary>
/// <param name="Step">Steps completed; training resumes at this step.</param>
/// <param name="TotalSteps">The run's planned steps when the checkpoint was written.</param>
/// <param name="Finished">True when the run had ended (completed or stopped early); resuming it does nothing.</param>
internal sealed record Checkpoint(
    long Step,
    long TotalSteps,
    bool Finished,
    IReadOnlyDictionary<string, Tensor> SaeState,
    OptimizerState Optimizer,
    FeatureActivityState Activity,
    EarlyStoppingState EarlyStopping,
    IReadOnlyDictionary<string, double[]>? ExtraState,
    TrainingHistory History)
{
    /// <summary>The folder it was read from (null before it is written).</summary>
    public string? Folder { get; init; }

    /// <summary>
    /// The SAE at the best validation so far, kept for <c>training.restore_best_weights</c> (null when early stopping
    /// is off, before the first validation, or in checkpoints written before it was kept).
    /// </summary>
    public SaeSnapshot? Best { get; init; }
}
