using SaePlatform.Tensors.Backends;

namespace SaePlatform.Tensors.Optimizers;

/// <summary>
/// Stochastic gradient descent with torch.optim.SGD's update: optional coupled weight decay, optional
/// momentum (the buffer starts as the first gradient, then buf = momentum * buf + (1 - dampening) * g),
/// optional Nesterov. State: <c>momentum_buffer</c> per parameter when momentum is non-zero.
/// </summary>
public sealed class Sgd : OptimizerBase
{
    private const int MomentumBuffer = 0;

    /// <summary>Creates the optimiser.</summary>
    /// <param name="parameters">Parameters to update; names must be unique (unnamed ones are keyed <c>param{i}</c>).</param>
    /// <param name="options">Hyperparameters; null for the defaults (lr 1e-3, no momentum, no decay).</param>
    /// <exception cref="ArgumentException">Duplicate parameter names or an invalid option.</exception>
    public Sgd(IEnumerable<Tensor> parameters, SgdOptions? options = null)
        : base(parameters, (options ??= new SgdOptions()).Validated().LearningRate, "momentum_buffer") => Options = options;

    /// <summary>The hyperparameters given at construction (the learning rate may have moved since; see <see cref="OptimizerBase.LearningRate"/>).</summary>
    public SgdOptions Options { get; }

    private protected override int[] RequiredBuffers => Options.Momentum != 0 ? [MomentumBuffer] : [];

    private protected override void Update(double learningRate)
    {
        var backend = TensorBackend.Current;
        bool momentum = Options.Momentum != 0;
        for (int i = 0; i < Slots.Count; i++)
        {
            var grad = Slots.LiveGradient(i);
            if (grad is null) continue;
            long t = Slots.AdvanceStep(i);
            var scalars = new SgdStepScalars(
                (float)learningRate, (float)Options.Momentum, (float)Options.Dampening,
                (float)Options.WeightDecay, Options.Nesterov, FirstStep: t == 1);
            backend.SgdStep(Slots.Parameters[i], grad, momentum ? Slots.Buffer(i, MomentumBuffer) : null, scalars);
        }
    }
}
