using System.Buffers;
using SaePlatform.Tensors.Backends.Cpu.Kernels;

namespace SaePlatform.Tensors.Backends.Cpu;

public sealed partial class CpuBackend
{
    /// <summary>Column-sum partials take blocks x cols doubles; cap the block count to bound that.</summary>
    private const int MaxBiasBlocks = 16;

    /// <inheritdoc />
    public long BiasRelu(Tensor y, Tensor? bias, Tensor? rowCounts)
    {
        float[] ys = y.Array;
        float[]? bs = bias?.Array;
        float[]? rc = rowCounts?.Array;
        int cols = y.Cols;
        var plan = new BlockPlan(Layout.Grid(y.Rows, cols), int.MaxValue);
        var counts = new long[Math.Max(1, plan.Count)];
        plan.Run(b =>
        {
            plan.Block(b, out int r0, out int r1, out _, out _);
            long count = 0;
            for (int i = r0; i < r1; i++)
            {
                int rowCount = FusedKernels.BiasRelu(ys.AsSpan(i * cols, cols), bs is null ? default : bs.AsSpan(0, cols));
                if (rc is not null) rc[i] = rowCount;
                count += rowCount;
            }
            counts[b] = count;
        });
        long total = 0;
        foreach (long c in counts) total += c;
        return total;
    }

    /// <inheritdoc />
    public void ReluBackward(Tensor gradOutput, Tensor y, Tensor gradInput, Tensor? biasGrad, float biasBeta)
    {
        if (biasGrad is not null)
        {
            ReluBackwardPass(gradOutput, y, null, 0f, gradInput, biasGrad, biasBeta);
            return;
        }
        float[] gs = gradOutput.Array, ys = y.Array, ds = gradInput.Array;
        DeterministicPartition.ForChunks(gradInput.Length, BlockPlan.BlockElements, gradInput.Length, (s, e) =>
            MaskKernels.MaskedCopy(gs.AsSpan(s, e - s), ys.AsSpan(s, e - s), MaskKernels.Condition.Positive, 0, 0, 0f, ds.AsSpan(s, e - s)));
    }

    /// <inheritdoc />
    public void ReluBackward(Tensor? gradOutput, Tensor y, Tensor addend, float addendScale, Tensor gradInput, Tensor? biasGrad, float biasBeta) =>
        ReluBackwardPass(gradOutput, y, addend, addendScale, gradInput, biasGrad, biasBeta);

    // One pass over row blocks: mask (gradOutput + scale * addend) by y > 0 and, with a bias gradient, sum the columns
    // in float64 per block, then add the blocks in a fixed order (the block plan does not depend on the thread count).
    private static void ReluBackwardPass(Tensor? gradOutput, Tensor y, Tensor? addend, float addendScale, Tensor gradInput, Tensor? biasGrad, float biasBeta)
    {
        float[] ys = y.Array, ds = gradInput.Array;
        float[]? gs = gradOutput?.Array, xs = addend?.Array;
        var plan = new BlockPlan(Layout.Grid(y.Rows, y.Cols), MaxBiasBlocks);
        int cols = plan.Layout.Cols;
        int count = Math.Max(1, plan.Count);
        double[]? partials = null;
        if (biasGrad is not null)
        {
            partials = ArrayPool<double>.Shared.Rent(count * cols);
            partials.AsSpan(0, count * cols).Clear();
        }
        plan.Run(b =>
        {
            plan.Block(b, out int r0, out int r1, out _, out _);
            var acc = partials is null ? default : partials.AsSpan(b * cols, cols);
            var add = xs is null ? default : xs.AsSpan(0, cols);
            for (int i = r0; i < r1; i++)
                FusedKernels.ReluMaskAndColumnSum(gs is null ? default : gs.AsSpan(i * cols, cols), add, addendScale,
                    ys.AsSpan(i * cols, cols), ds.AsSpan(i * cols, cols), acc);
        });
        if (partials is null) return;
        var bias = biasGrad!.Span;
        for (int j = 0; j < cols; j++)
        {
            double s = 0;
            for (int b = 0; b < plan.Count; b++) s += partials[b * cols + j];
            bias[j] = Accumulate(s, biasBeta, bias[j]);
        }
        ArrayPool<double>.Shared.Return(partials);
    }

    /// <inheritdoc />
    public void SquaredErrorSum(Tensor a, Tensor b, float alpha, Tensor y)
    {
        var plan = new BlockPlan(Layout.For(a, b), 1024);
        float[] xs = a.Array, zs = b.Array;
        double[] partials = new double[Math.Max(1, plan.Count)];
        plan.Run(k =>
        {
            plan.Block(k, out _, out _, out int j0, out int j1);
            partials[k] = FusedKernels.SquaredError(xs.AsSpan(j0, j1 - j0), zs.AsSpan(j0, j1 - j0));
        });
        double s = 0;
        for (int k = 0; k < plan.Count; k++) s += partials[k];
        y.Span[0] = (float)(alpha * s);
    }

    /// <inheritdoc />
    public void SquaredErrorGrad(Tensor a, Tensor b, Tensor gradOutput, float alpha, Tensor? gradA, float betaA, Tensor? gradB, float betaB)
    {
        // d/da alpha * sum (a - b)^2 = 2 alpha (a - b).
        float c = 2f * alpha * gradOutput.Span[0];
        float[] xs = a.Array, zs = b.Array;
        float[]? das = gradA?.Array, dbs = gradB?.Array;
        DeterministicPartition.ForChunks(a.Length, BlockPlan.BlockElements, a.Length, (s, e) => FusedKernels.SquaredErrorGrad(
            xs.AsSpan(s, e - s), zs.AsSpan(s, e - s), c,
            das is null ? default : das.AsSpan(s, e - s), betaA,
            dbs is null ? default : dbs.AsSpan(s, e - s), betaB));
    }

    /// <summary>A float64 sum written over a float32 slot with the GEMM beta convention: value + beta * old (beta 0 ignores old).</summary>
    private static float Accumulate(double value, float beta, float old) => beta == 0f ? (float)value : (float)(value + beta * (double)old);
}
