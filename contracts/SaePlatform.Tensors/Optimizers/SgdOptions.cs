namespace SaePlatform.Tensors.Optimizers;

/// <summary>Hyperparameters of <see cref="Sgd"/>; defaults are torch.optim.SGD's.</summary>
public sealed record SgdOptions
{
    /// <summary>Initial learning rate. Default 1e-3.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Momentum factor; 0 (default) keeps no buffer.</summary>
    public double Momentum { get; init; }

    /// <summary>Dampening of the gradient in the momentum update. Default 0.</summary>
    public double Dampening { get; init; }

    /// <summary>Coupled L2 weight decay added to the gradient. Default 0.</summary>
    public double WeightDecay { get; init; }

    /// <summary>Nesterov momentum; needs Momentum &gt; 0 and Dampening 0. Default false.</summary>
    public bool Nesterov { get; init; }

    internal SgdOptions Validated()
    {
        OptimizerSlots.ValidLearningRate(LearningRate);
        if (!(Momentum >= 0)) throw new ArgumentOutOfRangeException(nameof(Momentum), Momentum, "Momentum must be >= 0.");
        if (!(Dampening >= 0 && Dampening <= 1)) throw new ArgumentOutOfRangeException(nameof(Dampening), Dampening, "Dampening must be in [0, 1].");
        if (!(WeightDecay >= 0)) throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "Weight decay must be >= 0.");
        if (Nesterov && (Momentum <= 0 || Dampening != 0))
            throw new ArgumentException($"Nesterov momentum requires Momentum > 0 and Dampening 0 (got {Momentum}, {Dampening}).");
        return this;
    }
}
