using SaePlatform.Tensors.Backends;

namespace SaePlatform.Tensors.Optimizers;

/// <summary>The Adam update shared by <see cref="Adam"/> and <see cref="AdamW"/>: validation and one step over all slots.</summary>
internal static class AdamUpdate
{
    public const int ExpAvg = 0, ExpAvgSq = 1;

    public static readonly string[] BufferNames = ["exp_avg", "exp_avg_sq"];

    /// <summary>Both moments are required for every parameter that has taken a step.</summary>
    public static readonly int[] RequiredBuffers = [ExpAvg, ExpAvgSq];

    public static void Validate(double lr, double beta1, double beta2, double eps, double weightDecay)
    {
        OptimizerSlots.ValidLearningRate(lr);
        if (!(beta1 >= 0 && beta1 < 1)) throw new ArgumentOutOfRangeException("Beta1", beta1, "Beta1 must be in [0, 1).");
        if (!(beta2 >= 0 && beta2 < 1)) throw new ArgumentOutOfRangeException("Beta2", beta2, "Beta2 must be in [0, 1).");
        if (!(eps >= 0)) throw new ArgumentOutOfRangeException("Epsilon", eps, "Epsilon must be >= 0.");
        if (!(weightDecay >= 0)) throw new ArgumentOutOfRangeException("WeightDecay", weightDecay, "Weight decay must be >= 0.");
    }

    // One Adam step over every parameter with a live gradient. decoupled: AdamW (p *= 1 - lr*wd)
    // rather than Adam's coupled L2 (g += wd*p).
    public static void Step(OptimizerSlots slots, double lr, double beta1, double beta2, double eps, double weightDecay, bool decoupled)
    {
        var backend = TensorBackend.Current;
        for (int i = 0; i < slots.Count; i++)
        {
            var grad = slots.LiveGradient(i);
            if (grad is null) continue;
            long t = slots.AdvanceStep(i);
            // torch.optim.Adam (_single_tensor_adam): bias corrections in float64 from the parameter's own step.
            double bias1 = 1 - Math.Pow(beta1, t);
            double bias2 = 1 - Math.Pow(beta2, t);
            var scalars = new AdamStepScalars(
                StepSize: (float)(lr / bias1),
                OneMinusBeta1: (float)(1 - beta1),
                Beta2: (float)beta2,
                OneMinusBeta2: (float)(1 - beta2),
                BiasCorrection2Sqrt: (float)Math.Sqrt(bias2),
                Epsilon: (float)eps,
                L2WeightDecay: decoupled ? 0f : (float)weightDecay,
                DecayFactor: decoupled ? (float)(1 - lr * weightDecay) : 1f);
            backend.AdamStep(slots.Parameters[i], grad, slots.Buffer(i, ExpAvg), slots.Buffer(i, ExpAvgSq), scalars);
        }
    }
}
