namespace SaePlatform.Tensors.Optimizers;

/// <summary>
/// What <see cref="Adam"/>, <see cref="AdamW"/> and <see cref="Sgd"/> share: the parameter list with one set of
/// named state buffers per parameter, the float64 learning rate, the step counter, and state export/import for
/// checkpoints. A derived optimiser supplies only its update (<see cref="Update"/>). Not derivable outside this assembly.
/// </summary>
public abstract class OptimizerBase : IOptimizer
{
    private readonly OptimizerSlots _slots;
    private double _learningRate;

    /// <param name="parameters">Parameters to update; names must be unique (unnamed ones are keyed <c>param{i}</c>).</param>
    /// <param name="learningRate">The initial learning rate (already validated with the options).</param>
    /// <param name="bufferNames">Names of the per-parameter state buffers, as written to checkpoints.</param>
    /// <exception cref="ArgumentException">Duplicate parameter names.</exception>
    private protected OptimizerBase(IEnumerable<Tensor> parameters, double learningRate, params string[] bufferNames)
    {
        _slots = new OptimizerSlots(parameters, bufferNames);
        _learningRate = learningRate;
    }

    private protected OptimizerSlots Slots => _slots;

    /// <summary>Indices of the buffers <see cref="ImportState"/> requires for every parameter that has taken a step.</summary>
    private protected abstract int[] RequiredBuffers { get; }

    /// <summary>Updates every parameter with a live gradient at learning rate <paramref name="learningRate"/>.</summary>
    private protected abstract void Update(double learningRate);

    /// <inheritdoc />
    public IReadOnlyList<Tensor> Parameters => _slots.Parameters;

    /// <inheritdoc />
    public double LearningRate
    {
        get => _learningRate;
        set => _learningRate = OptimizerSlots.ValidLearningRate(value);
    }

    /// <inheritdoc />
    public long StepCount { get; private set; }

    /// <inheritdoc />
    public void Step()
    {
        Update(_learningRate);
        StepCount++;
    }

    /// <inheritdoc />
    public void ZeroGrad() => _slots.ZeroGrad();

    /// <inheritdoc />
    public void ResetState(Tensor parameter, int axis, ReadOnlySpan<int> indices) => _slots.ResetSlices(parameter, axis, indices);

    /// <inheritdoc />
    public OptimizerState ExportState() => _slots.Export(StepCount);

    /// <inheritdoc />
    public void ImportState(OptimizerState state)
    {
        _slots.Import(state, RequiredBuffers);
        StepCount = state.StepCount;
    }
}
