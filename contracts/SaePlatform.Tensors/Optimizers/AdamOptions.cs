namespace SaePlatform.Tensors.Optimizers;

/// <summary>Hyperparameters of <see cref="Adam"/>; defaults are torch.optim.Adam's (and SAELens's).</summary>
public sealed record AdamOptions
{
    /// <summary>Initial learning rate. Default 1e-3.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>First-moment decay. Default 0.9.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>Second-moment decay. Default 0.999.</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>Added to the bias-corrected denominator. Default 1e-8.</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>Coupled L2 weight decay added to the gradient (torch Adam's weight_decay). Default 0.</summary>
    public double WeightDecay { get; init; }

    internal AdamOptions Validated()
    {
        AdamUpdate.Validate(LearningRate, Beta1, Beta2, Epsilon, WeightDecay);
        return this;
    }
}
