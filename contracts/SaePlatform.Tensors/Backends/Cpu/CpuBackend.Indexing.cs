using System.Numerics.Tensors;
using SaePlatform.Tensors.Backends.Cpu.Kernels;

namespace SaePlatform.Tensors.Backends.Cpu;

public sealed partial class CpuBackend
{
    /// <inheritdoc />
    public void GatherRows(Tensor x, IndexTensor rows, Tensor y)
    {
        var index = rows.Span;
        int cols = x.Cols;
        var xs = x.Span;
        var ys = y.Span;
        for (int i = 0; i < index.Length; i++)
            xs.Slice(index[i] * cols, cols).CopyTo(ys.Slice(i * cols, cols));
    }

    /// <inheritdoc />
    public void ScatterAddRows(Tensor x, IndexTensor rows, Tensor y)
    {
        int cols = x.Cols, count = rows.Length;
        int[] index = rows.Array;
        float[] xs = x.Array, ys = y.Array;
        if ((long)count * cols < DeterministicPartition.MinParallelWork || cols < 2 * BlockPlan.BlockElements / 16)
        {
            AddRows(xs, index.AsSpan(0, count), ys, cols, 0, cols);
            return;
        }
        // Parallel over column stripes: each stripe still adds rows in index order, so repeated
        // indices accumulate in the same order every run.
        const int stripe = 1024;
        int stripes = (cols + stripe - 1) / stripe;
        Parallel.For(0, stripes, TensorThreads.ParallelOptions, s => AddRows(xs, index.AsSpan(0, count), ys, cols, s * stripe, Math.Min(cols, (s + 1) * stripe)));
    }

    private static void AddRows(float[] x, ReadOnlySpan<int> rows, float[] y, int cols, int j0, int j1)
    {
        int len = j1 - j0;
        for (int i = 0; i < rows.Length; i++)
        {
            var dst = y.AsSpan(rows[i] * cols + j0, len);
            TensorPrimitives.Add(dst, x.AsSpan(i * cols + j0, len), dst);
        }
    }

    /// <inheritdoc />
    public void GatherColumns(Tensor x, IndexTensor columns, Tensor y)
    {
        var index = columns.Span;
        int rows = x.Rows, cols = x.Cols, picked = index.Length;
        var xs = x.Span;
        var ys = y.Span;
        for (int r = 0; r < rows; r++)
        {
            var source = xs.Slice(r * cols, cols);
            var target = ys.Slice(r * picked, picked);
            for (int j = 0; j < picked; j++) target[j] = source[index[j]];
        }
    }

    /// <inheritdoc />
    public void ScatterAddColumns(Tensor x, IndexTensor columns, Tensor y)
    {
        var index = columns.Span;
        int rows = y.Rows, cols = y.Cols, picked = index.Length;
        var xs = x.Span;
        var ys = y.Span;
        for (int r = 0; r < rows; r++)
        {
            var source = xs.Slice(r * picked, picked);
            var target = ys.Slice(r * cols, cols);
            for (int j = 0; j < picked; j++) target[index[j]] += source[j];
        }
    }

    /// <inheritdoc />
    public void FillSequence(IndexTensor indices, int step)
    {
        var target = indices.Span;
        for (int i = 0; i < target.Length; i++) target[i] = i * step;
    }
}
