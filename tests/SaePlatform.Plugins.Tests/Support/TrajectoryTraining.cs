using SaePlatform.Contracts.Architectures;
using SaePlatform.Contracts.Runs;
using SaePlatform.Tensors;
using SaePlatform.Tensors.Autograd;
using SaePlatform.Tensors.Optimizers;

namespace SaePlatform.Plugins.Tests.Support;

/// <summary>
/// Trains an architecture step by step exactly as the host's Trainer.TrainStep does (forward, loss terms summed in
/// the architecture's order, backward, global-norm clipping, the architecture's hooks around Adam, zeroed
/// gradients), on batches taken from <c>rows</c> in file order, and records every loss term of every step.
/// </summary>
internal static class TrajectoryTraining
{
    /// <summary>Per loss-term name, its value at each step (plus <see cref="MetricNames.OverallLoss"/>).</summary>
    public static Dictionary<string, double[]> Train(ISaeArchitecture sae, float[] rows, int width, int batch, int steps,
        float lr, float coefficient, float clip)
    {
        var adam = new Adam(sae.Parameters, new AdamOptions { LearningRate = lr });
        var history = new Dictionary<string, double[]>(StringComparer.Ordinal);
        int rowCount = rows.Length / width;
        var data = new float[batch * width];
        for (int step = 0; step < steps; step++)
        {
            int first = step * batch % rowCount;
            Array.Copy(rows, (long)first * width, data, 0, (long)batch * width);
            var info = new TrainingStep(step, steps, coefficient, lr, (long)step * batch);
            using var scope = TensorScope.Begin();
            var result = sae.Forward(Tensor.Wrap(data, batch, width), info);
            Tensor? loss = null;
            foreach (var term in result.Losses)
            {
                Record(history, term.MetricName, step, steps, term.Value.ToScalar());
                loss = loss is null ? term.Value : Ops.Add(loss, term.Value);
            }
            Record(history, MetricNames.OverallLoss, step, steps, loss!.ToScalar());
            loss.Backward();
            if (clip > 0) GradientClipping.ClipByGlobalNorm(sae.Parameters, clip);
            sae.BeforeOptimizerStep(info);
            adam.Step();
            sae.AfterOptimizerStep(info);
            adam.ZeroGrad();
        }
        return history;
    }

    private static void Record(Dictionary<string, double[]> history, string name, int step, int steps, float value)
    {
        if (!history.TryGetValue(name, out var values)) history[name] = values = new double[steps];
        values[step] += value;
    }
}
