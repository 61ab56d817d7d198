using System.Numerics.Tensors;
using SaePlatform.Tensors.Backends.Cpu.Kernels;

namespace SaePlatform.Tensors.Backends.Cpu;

public sealed partial class CpuBackend
{
    /// <inheritdoc />
    public void GatherRows(Tensor x, ReadOnlySpan<int> rows, Tensor y)
    {
        int cols = x.Cols;
        var xs = x.Span;
        var ys = y.Span;
        for (int i = 0; i < rows.Length; i++)
            xs.Slice(rows[i] * cols, cols).CopyTo(ys.Slice(i * cols, cols));
    }

    /// <inheritdoc />
    public void ScatterAddRows(Tensor x, ReadOnlySpan<int> rows, Tensor y)
    {
        int cols = x.Cols;
        if ((long)rows.Length * cols < DeterministicPartition.MinParallelWork || cols < 2 * BlockPlan.BlockElements / 16)
        {
            AddRows(x.Array, rows, y.Array, cols, 0, cols);
            return;
        }
        // Parallel over column stripes: each stripe still adds rows in index order, so repeated
        // indices accumulate in the same order every run.
        int[] index = rows.ToArray();
        float[] xs = x.Array, ys = y.Array;
        const int stripe = 1024;
        int stripes = (cols + stripe - 1) / stripe;
        Parallel.For(0, stripes, TensorThreads.ParallelOptions, s => AddRows(xs, index, ys, cols, s * stripe, Math.Min(cols, (s + 1) * stripe)));
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
    public void GatherColumns(Tensor x, ReadOnlySpan<int> columns, Tensor y)
    {
        int rows = x.Rows, cols = x.Cols, picked = columns.Length;
        var xs = x.Span;
        var ys = y.Span;
        for (int r = 0; r < rows; r++)
        {
            var source = xs.Slice(r * cols, cols);
            var target = ys.Slice(r * picked, picked);
            for (int j = 0; j < picked; j++) target[j] = source[columns[j]];
        }
    }

    /// <inheritdoc />
    public void ScatterAddColumns(Tensor x, ReadOnlySpan<int> columns, Tensor y)
    {
        int rows = y.Rows, cols = y.Cols, picked = columns.Length;
        var xs = x.Span;
        var ys = y.Span;
        for (int r = 0; r < rows; r++)
        {
            var source = xs.Slice(r * picked, picked);
            var target = ys.Slice(r * cols, cols);
            for (int j = 0; j < picked; j++) target[columns[j]] += source[j];
        }
    }
}
