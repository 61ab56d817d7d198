using SaePlatform.Host.Configuration.Sections;
using SaePlatform.Tensors;
using SaePlatform.Tensors.Optimizers;

namespace SaePlatform.Host.Training.Optimization;

/// <summary>The optimiser that <c>training.optimizer</c> names, with the training section's hyperparameters.</summary>
internal static class OptimizerFactory
{
    /// <exception cref="NotSupportedException">An <see cref="OptimizerKind"/> without an optimiser here (a new enum member
    /// that was not mapped); the config binder rejects names that are not members.</exception>
    public static IOptimizer Create(TrainingOptions options, IReadOnlyList<Tensor> parameters) => options.Optimizer switch
    {
        OptimizerKind.Adam => new Adam(parameters, new AdamOptions
        {
            LearningRate = options.Lr, Beta1 = options.AdamBeta1, Beta2 = options.AdamBeta2, Epsilon = options.AdamEps, WeightDecay = options.WeightDecay,
        }),
        OptimizerKind.AdamW => new AdamW(parameters, new AdamWOptions
        {
            LearningRate = options.Lr, Beta1 = options.AdamBeta1, Beta2 = options.AdamBeta2, Epsilon = options.AdamEps, WeightDecay = options.WeightDecay,
        }),
        OptimizerKind.Sgd => new Sgd(parameters, new SgdOptions { LearningRate = options.Lr, Momentum = options.Momentum, WeightDecay = options.WeightDecay }),
        _ => throw new NotSupportedException($"training.optimizer = {options.Optimizer} has no optimiser in the host (known: adam, adamw, sgd)."),
    };
}
