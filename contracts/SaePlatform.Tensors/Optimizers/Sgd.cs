using SaePlatform.Tensors.Backends;

namespace SaePlatform.Tensors.Optimizers;

/// <summary>
/// Stochastic gradient descent with torch.optim.SGD's update: optional coupled weight decay, optional
/// momentum (the buffer starts as the first gradient, then buf = momentum * buf + (1 - dampening) * g),
/// optional Nesterov. State: <c>momentum_buffer</c> per parameter when momentum is non-zero.
/// </summary>
public sealed class Sgd : IOptimizer
{
    private const int MomentumBuffer = 0;
    private readonly OptimizerSlots _slots;
    private readonly SgdOptions _options;
    private double _learningRate;

    /// <summary>Creates the optimiser.</summary>
    /// <param name="parameters">Parameters to update; names must be unique (unnamed ones are keyed <c>param{i}</c>).</param>
    /// <param name="options">Hyperparameters; null for the defaults (lr 1e-3, no momentum, no decay).</param>
    /// <exception cref="ArgumentException">Duplicate parameter names or an invalid option.</exception>
    public Sgd(IEnumerable<Tensor> parameters, SgdOptions? options = null)
    {
        _options = options ?? new SgdOptions();
        _options.Validate();
        _slots = new OptimizerSlots(parameters, "momentum_buffer");
        _learningRate = _options.LearningRate;
    }

    /// <summary>The hyperparameters given at construction (the learning rate may have moved since; see <see cref="LearningRate"/>).</summary>
    public SgdOptions Options => _options;

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
        var backend = TensorBackend.Current;
        bool momentum = _options.Momentum != 0;
        for (int i = 0; i < _slots.Count; i++)
        {
            var grad = _slots.LiveGradient(i);
            if (grad is null) continue;
            long t = _slots.AdvanceStep(i);
            var scalars = new SgdStepScalars(
                (float)_learningRate, (float)_options.Momentum, (float)_options.Dampening,
                (float)_options.WeightDecay, _options.Nesterov, FirstStep: t == 1);
            backend.SgdStep(_slots.Parameters[i], grad, momentum ? _slots.Buffer(i, MomentumBuffer) : null, scalars);
        }
        StepCount++;
    }

    /// <inheritdoc />
    public void ZeroGrad() => _slots.ZeroGrad();

    /// <inheritdoc />
    public OptimizerState ExportState() => _slots.Export(StepCount);

    /// <inheritdoc />
    public void ImportState(OptimizerState state)
    {
        _slots.Import(state, _options.Momentum != 0 ? [MomentumBuffer] : []);
        StepCount = state.StepCount;
    }
}
