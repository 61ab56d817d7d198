namespace SaePlatform.Tensors.Optimizers;

/// <summary>
/// AdamW (Loshchilov and Hutter 2019) with torch.optim.AdamW's exact update: the parameter is first
/// multiplied by 1 - lr * weight_decay (decoupled decay), then the Adam update of <see cref="Adam"/> is
/// applied to the unmodified gradient. Same fused kernel and state names as <see cref="Adam"/>.
/// </summary>
public sealed class AdamW : IOptimizer
{
    private readonly OptimizerSlots _slots;
    private readonly AdamWOptions _options;
    private double _learningRate;

    /// <summary>Creates the optimiser.</summary>
    /// <param name="parameters">Parameters to update; names must be unique (unnamed ones are keyed <c>param{i}</c>).</param>
    /// <param name="options">Hyperparameters; null for the defaults (lr 1e-3, betas 0.9/0.999, eps 1e-8, weight decay 0.01).</param>
    /// <exception cref="ArgumentException">Duplicate parameter names or an invalid option.</exception>
    public AdamW(IEnumerable<Tensor> parameters, AdamWOptions? options = null)
    {
        _options = options ?? new AdamWOptions();
        _options.Validate();
        _slots = new OptimizerSlots(parameters, AdamUpdate.BufferNames);
        _learningRate = _options.LearningRate;
    }

    /// <summary>The hyperparameters given at construction (the learning rate may have moved since; see <see cref="LearningRate"/>).</summary>
    public AdamWOptions Options => _options;

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
        AdamUpdate.Step(_slots, _learningRate, _options.Beta1, _options.Beta2, _options.Epsilon, _options.WeightDecay, decoupled: true);
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
