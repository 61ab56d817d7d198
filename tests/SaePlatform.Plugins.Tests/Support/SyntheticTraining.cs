using Microsoft.Extensions.Logging.Abstractions;
using SaePlatform.Contracts.Architectures;
using SaePlatform.Contracts.Components;
using SaePlatform.Contracts.Penalties;
using SaePlatform.Plugins.Synthetic;
using SaePlatform.Tensors;
using SaePlatform.Tensors.Autograd;
using SaePlatform.Tensors.Optimizers;

namespace SaePlatform.Plugins.Tests.Support;

/// <summary>
/// A minimal training loop (Adam, global-norm clipping, linear sparsity warm-up, the architecture's
/// optimiser hooks) over the synthetic source, written independently of the host's trainer so that an
/// architecture can be checked alone: does it learn the toy to the explained variance the issue asks for?
/// </summary>
internal static class SyntheticTraining
{
    /// <summary>What training reached, measured on rows never trained on.</summary>
    public sealed record Outcome(double ExplainedVariance, double L0, int FeatureCount);

    public static SyntheticOptions SmallToy(int seed = 7) => new()
    {
        DIn = 32, NFeatures = 64, Rows = 40_000, FiringProbability = 0.04, Seed = seed,
    };

    /// <summary>Trains <paramref name="sae"/> on the toy and evaluates on 2,048 held-out rows.</summary>
    public static Outcome Train(ISaeArchitecture sae, SyntheticOptions data, int steps, int batch = 256,
        double lr = 3e-3, float sparsity = 0f, int sparsityWarmup = 0, ISparsityPenalty? penalty = null, int seed = 3)
    {
        var source = new SyntheticDataSource(data, new ComponentContext(NullLogger.Instance, ".", ".", seed));
        var info = source.Open(CancellationToken.None);
        int width = info.Width;
        long evalRows = 2048, trainRows = info.RowCount - evalRows;

        var sample = new float[1024 * width];
        source.ReadRows(0, sample);
        sae.Initialize(new SaeInitContext(width, seed, penalty, sample));
        // The runtime's dead-feature counters, with its default window (SAELens's 1000 steps), for AuxK.
        sae = new TrackedSae(sae, window: 1000);
        var adam = new Adam(sae.Parameters, new AdamOptions { LearningRate = lr });

        var rows = new float[batch * width];
        for (int step = 0; step < steps; step++)
        {
            long first = (long)step * batch % (trainRows - batch);
            source.ReadRows(first, rows);
            float coefficient = sparsityWarmup > 0 ? sparsity * Math.Min(1f, (step + 1) / (float)sparsityWarmup) : sparsity;
            var info2 = new TrainingStep(step, steps, coefficient, (float)lr, (long)step * batch);
            using var scope = TensorScope.Begin();
            var result = sae.Forward(Tensor.Wrap(rows, batch, width), info2);
            Tensor loss = result.Losses[0].Value;
            for (int i = 1; i < result.Losses.Count; i++) loss = Ops.Add(loss, result.Losses[i].Value);
            loss.Backward();
            GradientClipping.ClipByGlobalNorm(sae.Parameters, 1f);
            sae.BeforeOptimizerStep(info2);
            adam.Step();
            sae.AfterOptimizerStep(info2);
            adam.ZeroGrad();
        }
        return Evaluate(sae, source, trainRows, (int)evalRows, width);
    }

    /// <summary>Explained variance (relative to the mean, float64) and L0 of Encode/Decode on the given rows.</summary>
    public static Outcome Evaluate(ISaeArchitecture sae, SyntheticDataSource source, long firstRow, int count, int width)
    {
        var x = new float[count * width];
        source.ReadRows(firstRow, x);
        using var scope = TensorScope.Begin();
        using var noGrad = GradMode.Disable();
        var features = sae.Encode(Tensor.Wrap(x, count, width));
        var xHat = sae.Decode(features).Span;

        var mean = new double[width];
        for (int r = 0; r < count; r++) for (int j = 0; j < width; j++) mean[j] += x[r * width + j] / (double)count;
        double residual = 0, total = 0;
        for (int r = 0; r < count; r++)
            for (int j = 0; j < width; j++)
            {
                double e = x[r * width + j] - xHat[r * width + j], d = x[r * width + j] - mean[j];
                residual += e * e;
                total += d * d;
            }
        long active = 0;
        foreach (float f in features.Span) if (f != 0) active++;
        return new Outcome(1 - residual / total, active / (double)count, features.Cols);
    }
}
