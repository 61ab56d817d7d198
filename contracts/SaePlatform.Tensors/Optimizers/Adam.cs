namespace SaePlatform.Tensors.Optimizers;

/// <summary>
/// Adam (Kingma and Ba 2015) with torch.optim.Adam's exact update: bias-corrected step size
/// lr / (1 - beta1^t), denominator sqrt(v) / sqrt(1 - beta2^t) + eps, optional coupled L2 weight decay.
/// One fused, vectorised pass per parameter (<see cref="Backends.ITensorBackend.AdamStep"/>, shared with
/// <see cref="AdamW"/>, which differs only in decoupling the decay). State: <c>exp_avg</c> and <c>exp_avg_sq</c>
/// per parameter, created on the parameter's first step.
/// </summary>
public sealed class Adam : OptimizerBase
{
    /// <summary>Creates the optimiser.</summary>
    /// <param name="parameters">Parameters to update; names must be unique (unnamed ones are keyed <c>param{i}</c>).</param>
    /// <param name="options">Hyperparameters; null for the defaults (lr 1e-3, betas 0.9/0.999, eps 1e-8, no decay).</param>
    /// <exception cref="ArgumentException">Duplicate parameter names or an invalid option.</exception>
    public Adam(IEnumerable<Tensor> parameters, AdamOptions? options = null)
        : base(parameters, (options ??= new AdamOptions()).Validated().LearningRate, AdamUpdate.BufferNames) => Options = options;

    /// <summary>The hyperparameters given at construction (the learning rate may have moved since; see <see cref="OptimizerBase.LearningRate"/>).</summary>
    public AdamOptions Options { get; }

    private protected override int[] RequiredBuffers => AdamUpdate.RequiredBuffers;

    private protected override void Update(double learningRate) =>
        AdamUpdate.Step(Slots, learningRate, Options.Beta1, Options.Beta2, Options.Epsilon, Options.WeightDecay, decoupled: false);
}
