using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SaePlatform.Tensors.Backends.Cpu.Kernels;

/// <summary>
/// The one loop behind broadcasting, reductions and their gradients: row segments produced by a
/// source over a [rows, cols] layout are written to, or summed into, a target that broadcasts to that
/// layout. target = alpha * reduce(values) + beta * target, where reduce is the identity for a
/// full-size target, column sums for a row vector, row sums for a column vector and the total for a
/// scalar. Sums are float64, one partial per block, combined in block order: bit-reproducible.
/// </summary>
internal static class BroadcastReduce
{
    /// <summary>Column-sum partials take blocks x cols doubles; cap the block count to bound that.</summary>
    private const int MaxColumnSumBlocks = 16;

    private const int MaxBlocks = 1024;

    public static void Run<TSource>(Layout layout, TSource source, Bcast target, float alpha, float beta, bool squares = false)
        where TSource : struct, IRowSource
    {
        var plan = new BlockPlan(layout, target.Kind == BcastKind.RowVector ? MaxColumnSumBlocks : MaxBlocks);
        int cols = layout.Cols;
        double[]? columnPartials = null;
        double[]? scalarPartials = null;
        if (target.Kind == BcastKind.RowVector)
        {
            columnPartials = ArrayPool<double>.Shared.Rent(Math.Max(1, plan.Count) * cols);
            columnPartials.AsSpan(0, Math.Max(1, plan.Count) * cols).Clear();
        }
        else if (target.Kind == BcastKind.Scalar)
        {
            scalarPartials = ArrayPool<double>.Shared.Rent(Math.Max(1, plan.Count));
        }

        plan.Run(b => RunBlock(plan, b, source, target, alpha, beta, squares, columnPartials, scalarPartials));

        if (columnPartials is not null)
        {
            var dst = target.MutableRow(0, 0, cols);
            for (int j = 0; j < cols; j++)
            {
                double s = 0;
                for (int b = 0; b < plan.Count; b++) s += columnPartials[b * cols + j];
                dst[j] = beta == 0 ? (float)(alpha * s) : (float)(alpha * s + beta * (double)dst[j]);
            }
            ArrayPool<double>.Shared.Return(columnPartials);
        }
        else if (scalarPartials is not null)
        {
            double s = 0;
            for (int b = 0; b < plan.Count; b++) s += scalarPartials[b];
            ref float d = ref target.ValueRef(0);
            d = beta == 0 ? (float)(alpha * s) : (float)(alpha * s + beta * (double)d);
            ArrayPool<double>.Shared.Return(scalarPartials);
        }
    }

    // Full optimisation from the first call: kernels are hot immediately, and tier-0 code for vector
    // intrinsics is an order of magnitude slower than the memory bandwidth it should run at.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunBlock<TSource>(BlockPlan plan, int b, TSource source, Bcast target, float alpha, float beta, bool squares,
        double[]? columnPartials, double[]? scalarPartials)
        where TSource : struct, IRowSource
    {
        int cols = plan.Layout.Cols;
        plan.Block(b, out int r0, out int r1, out int j0, out int j1);
        int len = j1 - j0;
        float[] scratchArray = ArrayPool<float>.Shared.Rent(Math.Max(1, len));
        var scratch = scratchArray.AsSpan(0, len);
        double blockSum = 0;
        for (int i = r0; i < r1; i++)
        {
            switch (target.Kind)
            {
                case BcastKind.Full when squares:
                {
                    var values = source.Get(i, j0, scratch);
                    TensorPrimitives.Multiply(values, values, scratch);
                    WriteRow(scratch, target.MutableRow(i, j0, len), alpha, beta);
                    break;
                }
                case BcastKind.Full:
                    WriteRow(source.Get(i, j0, beta == 0 ? target.MutableRow(i, j0, len) : scratch), target.MutableRow(i, j0, len), alpha, beta);
                    break;
                case BcastKind.RowVector:
                {
                    var values = source.Get(i, j0, scratch);
                    var acc = columnPartials!.AsSpan(b * cols, cols);
                    if (squares) WideSum.AddSquaresTo(values, acc); else WideSum.AddTo(values, acc);
                    break;
                }
                case BcastKind.ColumnVector:
                {
                    var values = source.Get(i, j0, scratch);
                    double s = squares ? WideSum.SumOfSquares(values) : WideSum.Sum(values);
                    ref float d = ref target.ValueRef(i);
                    d = beta == 0 ? (float)(alpha * s) : (float)(alpha * s + beta * (double)d);
                    break;
                }
                default:
                {
                    var values = source.Get(i, j0, scratch);
                    blockSum += squares ? WideSum.SumOfSquares(values) : WideSum.Sum(values);
                    break;
                }
            }
        }
        if (scalarPartials is not null) scalarPartials[b] = blockSum;
        ArrayPool<float>.Shared.Return(scratchArray);
    }

    /// <summary>dst = alpha * values + beta * dst; values may already be dst (beta 0).</summary>
    private static void WriteRow(ReadOnlySpan<float> values, Span<float> dst, float alpha, float beta)
    {
        if (beta == 0)
        {
            if (!Unsafe.AreSame(ref MemoryMarshal.GetReference(values), ref MemoryMarshal.GetReference(dst)))
                values.CopyTo(dst);
            if (alpha != 1) TensorPrimitives.Multiply(dst, alpha, dst);
            return;
        }
        if (beta != 1) TensorPrimitives.Multiply(dst, beta, dst);
        if (alpha == 1) TensorPrimitives.Add(dst, values, dst);
        else TensorPrimitives.MultiplyAdd(values, alpha, dst, dst);
    }
}
