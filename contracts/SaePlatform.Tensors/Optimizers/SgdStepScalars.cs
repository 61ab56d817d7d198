namespace SaePlatform.Tensors.Optimizers;

/// <summary>
/// The scalars of one fused SGD update (torch.optim.SGD). Per element:
/// <code>
/// g = grad + WeightDecay * p
/// if Momentum != 0:
///     buf = FirstStep ? g : Momentum * buf + (1 - Dampening) * g
///     g   = Nesterov ? g + Momentum * buf : buf
/// p -= LearningRate * g
/// </code>
/// </summary>
/// <param name="LearningRate">Step size.</param>
/// <param name="Momentum">Momentum factor; 0 disables the buffer.</param>
/// <param name="Dampening">Dampening of the gradient term in the momentum update.</param>
/// <param name="WeightDecay">Coupled (L2) weight decay.</param>
/// <param name="Nesterov">Use Nesterov momentum.</param>
/// <param name="FirstStep">True on the parameter's first step: the buffer is set to the gradient.</param>
public readonly record struct SgdStepScalars(
    float LearningRate,
    float Momentum,
    float Dampening,
    float WeightDecay,
    bool Nesterov,
    bool FirstStep);
