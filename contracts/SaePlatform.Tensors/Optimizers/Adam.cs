namespace SaePlatform.Tensors.Optimizers;

/// <summary>
/// Adam (Kingma and Ba 2015) with torch.optim.Adam's exact update: bias-corrected step size
/// lr / (1 - beta1^t), denominator sqrt(v) / sqrt(1 - beta2^t) + eps, optional coupled L2 weight decay.
/// One fused, vectorised pass per parameter (<see cref="Backends.ITensorBackend.AdamStep"/>).
/// State: <c>exp_avg</c> and <c>exp_avg_sq</c> per parameter, created on the parameter's first step.
/// </summary>
public sealed class Adam : IOptimizer
{
    private readonly OptimizerSlots _slots;
    private readonly AdamOptions _options;
    private double _learningRate;

    /// <summary>Creates the optimiser.</summary>
    /// <param name="parameters">Parameters to update; names must be unique (unnamed ones are keyed <c>param{i}</c>).</param>
    /// <param name="options">Hyperparameters; null for the defaults (lr 1e-3, betas 0.9/0.999, eps 1e-8, no decay).</param>
    /// <exception cref="ArgumentException">Duplicate parameter names or an invalid option.</exception>
    public Adam(IEnumerable<Tensor> parameters, AdamOptions? options = null)
    {
        _options = options ?? new AdamOptions();
        _options.Validate();
        _slots = new OptimizerSlots(parameters, AdamUpdate.BufferNames);
        _learningRate = _options.LearningRate;
    }

    /// <summary>The hyperparameters given at construction (the learning rate may have moved since; see <see cref="LearningRate"/>).</summary>
    public AdamOptions Options => _options;

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
        AdamUpdate.Step(_slots, _learningRate, _options.Beta1, _options.Beta2, _options.Epsilon, _options.WeightDecay, decoupled: false);
        StepCount++;
    }

    /// <inheritdoc />
    public void ZeroGrad() => _slots.ZeroGrad();

    /// <inheritdoc />
    public OptimizerState ExportState() => _slots.Export(StepCount);

    /// <inheritdoc />
    public void ImportState(OptimizerState state)
    {
        _slots.Import(state, [AdamUpdate.ExpAvg, AdamUpdate.ExpAvgSq]);
        StepCount = state.StepCount;
    }
}
