using SaePlatform.Tensors.Backends.Cpu.Kernels;
using SaePlatform.Tensors.Sparse;
using SaePlatform.Tensors.Storage;

namespace SaePlatform.Tensors.Backends.Cpu;

public sealed partial class CpuBackend
{
    /// <inheritdoc />
    public void ReduceSum(Tensor x, float alpha, float beta, Tensor y)
    {
        var layout = Layout.For(x, y);
        BroadcastReduce.Run(layout, new ValueSource(layout.View(x)), layout.View(y), alpha, beta);
    }

    /// <inheritdoc />
    public void Expand(Tensor x, float alpha, float beta, Tensor y)
    {
        var layout = Layout.For(y, x);
        BroadcastReduce.Run(layout, new ValueSource(layout.View(x)), layout.View(y), alpha, beta);
    }

    /// <inheritdoc />
    public void Dot(Tensor a, Tensor b, float scale, Tensor y)
    {
        var xs = a.Span;
        var ws = b.Span;
        double sum = 0;
        for (int j = 0; j < xs.Length; j++) sum += (double)xs[j] * ws[j];
        y.Span[0] = (float)(sum * scale);
    }

    /// <inheritdoc />
    public void CountNonZeroColumns(Tensor x, Tensor counts)
    {
        var tally = new int[x.Cols];
        CountKernels.NonZeroColumns(x.Span, x.Rows, x.Cols, tally);
        WriteCounts(tally, counts);
    }

    /// <inheritdoc />
    public void SparseCountNonZero(SparseRows pattern, Tensor values, Tensor counts)
    {
        var tally = new int[pattern.Cols];
        var v = values.Span;
        var indices = pattern.Indices.Array;
        for (int e = 0; e < pattern.NonZeros; e++)
            if (v[e] != 0) tally[indices[e]]++;
        WriteCounts(tally, counts);
    }

    // Integer counts into a float32 tensor (exact below 2^24).
    private static void WriteCounts(int[] tally, Tensor counts)
    {
        var c = counts.Span;
        for (int j = 0; j < tally.Length; j++) c[j] = tally[j];
    }

    /// <inheritdoc />
    public void ReconstructionStatistics(Tensor x, Tensor xHat, Tensor result)
    {
        var (ev, std, error) = ReconstructionKernels.Statistics(x.Span, xHat.Span, x.Cols);
        Float64Bits.Write(result.Span, 0, ev);
        Float64Bits.Write(result.Span, 1, std);
        Float64Bits.Write(result.Span, 2, error);
    }

    /// <inheritdoc />
    public void GhostGradScales(Tensor residual, Tensor ghost, double epsilon, Tensor scale, Tensor residualMse)
    {
        int rows = residual.Rows, width = residual.Cols;
        var r = residual.Span;
        var g = ghost.Span;
        var s = scale.Span;
        double mse = 0;
        for (int b = 0; b < rows; b++)
        {
            double residualSquares = 0, ghostSquares = 0;
            for (int j = b * width; j < (b + 1) * width; j++)
            {
                residualSquares += (double)r[j] * r[j];
                ghostSquares += (double)g[j] * g[j];
            }
            mse += residualSquares;
            s[b] = (float)(Math.Sqrt(residualSquares) / (2 * Math.Sqrt(ghostSquares) + epsilon));
        }
        Float64Bits.Write(residualMse.Span, 0, mse / Math.Max(1, rows));
    }

    /// <inheritdoc />
    public void DivideF64(Tensor numerator, Tensor denominator, double epsilon, Tensor result) =>
        result.Span[0] = (float)(Float64Bits.Read(numerator.Span, 0) / (denominator.Span[0] + epsilon));
}
