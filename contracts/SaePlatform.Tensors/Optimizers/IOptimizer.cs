namespace SaePlatform.Tensors.Optimizers;

/// <summary>
/// A first-order optimiser over a fixed list of parameter tensors. The trainer calls
/// <see cref="ZeroGrad"/>, runs backward, optionally clips, then calls <see cref="Step"/>; a learning-rate
/// schedule writes <see cref="LearningRate"/> before each step.
/// </summary>
public interface IOptimizer
{
    /// <summary>The parameters, in the order given at construction.</summary>
    IReadOnlyList<Tensor> Parameters { get; }

    /// <summary>Current learning rate (float64, like torch's Python float). Settable so schedules can drive it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a negative or non-finite value.</exception>
    double LearningRate { get; set; }

    /// <summary>Number of <see cref="Step"/> calls so far (restored by <see cref="ImportState"/>).</summary>
    long StepCount { get; }

    /// <summary>
    /// Updates every parameter that has a live gradient. A parameter whose <see cref="Tensor.Grad"/> is null,
    /// or was zeroed by <see cref="Tensor.ZeroGrad"/> and not written by a backward pass since, is skipped
    /// and its own step counter does not advance (torch's behaviour with <c>zero_grad(set_to_none=True)</c>).
    /// </summary>
    void Step();

    /// <summary>Calls <see cref="Tensor.ZeroGrad"/> on every parameter.</summary>
    void ZeroGrad();

    /// <summary>A deep copy of the optimiser state (moment buffers and step counters) for a checkpoint.</summary>
    OptimizerState ExportState();

    /// <summary>Replaces the optimiser state with <paramref name="state"/> (from <see cref="ExportState"/>).</summary>
    /// <exception cref="ArgumentException">A key names no parameter or buffer, or an array has the wrong length.</exception>
    void ImportState(OptimizerState state);

    /// <summary>
    /// Zeroes this optimiser's state buffers (Adam's moments, SGD's momentum) for some slices of one parameter: the
    /// entries <paramref name="indices"/> of a vector, or those rows (<paramref name="axis"/> 0) or columns (axis 1) of
    /// a matrix, as after resampling a dead feature. The parameter's step counter is kept (as dictionary_learning and
    /// Anthropic reset only the moments). Nothing happens for a parameter that has no state yet.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="parameter"/> is not one of <see cref="Parameters"/>, the axis
    /// does not fit its rank, or an index is out of range.</exception>
    /// <exception cref="NotSupportedException">The optimiser does not support it (the default).</exception>
    void ResetState(Tensor parameter, int axis, ReadOnlySpan<int> indices) =>
        throw new NotSupportedException($"{GetType().Name} cannot reset the state of parameter slices.");
}
