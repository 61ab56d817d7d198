namespace SaePlatform.Tensors.Optimizers;

/// <summary>
/// AdamW (Loshchilov and Hutter 2019) with torch.optim.AdamW's exact update: the parameter is first
/// multiplied by 1 - lr * weight_decay (decoupled decay), then the Adam update of <see cref="Adam"/> is
/// applied to the unmodified gradient. Same fused kernel and state names as <see cref="Adam"/>.
/// </summary>
public sealed class AdamW : OptimizerBase
{
    /// <summary>Creates the optimiser.</summary>
    /// <param name="parameters">Parameters to update; names must be unique (unnamed ones are keyed <c>param{i}</c>).</param>
    /// <param name="options">Hyperparameters; null for the defaults (lr 1e-3, betas 0.9/0.999, eps 1e-8, weight decay 0.01).</param>
    /// <exception cref="ArgumentException">Duplicate parameter names or an invalid option.</exception>
    public AdamW(IEnumerable<Tensor> parameters, AdamWOptions? options = null)
        : base(parameters, (options ??= new AdamWOptions()).Validated().LearningRate, AdamUpdate.BufferNames) => Options = options;

    /// <summary>The hyperparameters given at construction (the learning rate may have moved since; see <see cref="OptimizerBase.LearningRate"/>).</summary>
    public AdamWOptions Options { get; }

    private protected override int[] RequiredBuffers => AdamUpdate.RequiredBuffers;

    private protected override void Update(double learningRate) =>
        AdamUpdate.Step(Slots, learningRate, Options.Beta1, Options.Beta2, Options.Epsilon, Options.WeightDecay, decoupled: true);
}
