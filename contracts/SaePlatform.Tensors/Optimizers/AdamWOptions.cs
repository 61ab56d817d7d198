namespace SaePlatform.Tensors.Optimizers;

/// <summary>Hyperparameters of <see cref="AdamW"/>; defaults are torch.optim.AdamW's.</summary>
public sealed record AdamWOptions
{
    /// <summary>Initial learning rate. Default 1e-3.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>First-moment decay. Default 0.9.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>Second-moment decay. Default 0.999.</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>Added to the bias-corrected denominator. Default 1e-8.</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>Decoupled weight decay: each step multiplies the parameter by 1 - lr * WeightDecay. Default 0.01.</summary>
    public double WeightDecay { get; init; } = 0.01;

    internal AdamWOptions Validated()
    {
        AdamUpdate.Validate(LearningRate, Beta1, Beta2, Epsilon, WeightDecay);
        return this;
    }
}
