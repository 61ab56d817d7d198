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
    /// <summary>
    /// Per loss-term name, its value at each step (plus <see cref="MetricNames.OverallLoss"/>), and per step which codes
    /// were non-zero ([rows * d_sae], row-major).
    /// </summary>
    public static (Dictionary<string, double[]> Losses, bool[][] Fired) Train(ISaeArchitecture sae, float[] rows, int width, int batch, int steps,
        float lr, float coefficient, float clip)
    {
        var fired = new bool[steps][];
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
            fired[step] = NonZero(result);
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
        return (history, fired);
    }

    private static bool[] NonZero(SaeForwardResult result)
    {
        if (result.DenseFeatures is { } dense) return [.. dense.ToArray().Select(v => v != 0)];
        var codes = result.SparseFeatures!;
        var values = codes.Values.ToArray();
        var mask = new bool[codes.Rows * codes.Cols];
        for (int r = 0; r < codes.Rows; r++)
            for (int e = codes.RowOffsets[r]; e < codes.RowOffsets[r + 1]; e++)
                if (values[e] != 0) mask[r * codes.Cols + codes.Indices[e]] = true;
        return mask;
    }

    private static void Record(Dictionary<string, double[]> history, string name, int step, int steps, float value)
    {
        if (!history.TryGetValue(name, out var values)) history[name] = values = new double[steps];
        values[step] += value;
    }
}
