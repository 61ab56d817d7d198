namespace SaePlatform.Tensors.Optimizers;

/// <summary>
/// The per-step scalars of one fused Adam / AdamW update, computed in float64 by the optimiser and
/// rounded once to float32, as torch does with its Python-float hyperparameters. Per element
/// (torch.optim.Adam / AdamW, single-tensor path):
/// <code>
/// g  = grad + L2WeightDecay * p                      (coupled decay: Adam's weight_decay)
/// p  = p * DecayFactor                               (decoupled decay: AdamW's 1 - lr * weight_decay)
/// m  = m + OneMinusBeta1 * (g - m)                   (torch: exp_avg.lerp_(grad, 1 - beta1))
/// v  = Beta2 * v + OneMinusBeta2 * g * g
/// p -= StepSize * m / (sqrt(v) / BiasCorrection2Sqrt + Epsilon)
/// </code>
/// with StepSize = lr / (1 - beta1^t) and BiasCorrection2Sqrt = sqrt(1 - beta2^t), t the parameter's step.
/// </summary>
/// <param name="StepSize">lr / (1 - beta1^t).</param>
/// <param name="OneMinusBeta1">1 - beta1: the weight of the new gradient in the first moment.</param>
/// <param name="Beta2">Second-moment decay.</param>
/// <param name="OneMinusBeta2">1 - beta2.</param>
/// <param name="BiasCorrection2Sqrt">sqrt(1 - beta2^t).</param>
/// <param name="Epsilon">Added to the denominator after bias correction.</param>
/// <param name="L2WeightDecay">Coupled (L2) weight decay added to the gradient; 0 for none.</param>
/// <param name="DecayFactor">Decoupled decay multiplier applied to the parameter first; 1 for none.</param>
public readonly record struct AdamStepScalars(
    float StepSize,
    float OneMinusBeta1,
    float Beta2,
    float OneMinusBeta2,
    float BiasCorrection2Sqrt,
    float Epsilon,
    float L2WeightDecay,
    float DecayFactor);
