using SaePlatform.Tensors.Backends.Cpu.Sparse;
using SaePlatform.Tensors.Sparse;

namespace SaePlatform.Tensors.Backends.Cpu;

// Sparse selection (TopK, BatchTopK) and the gather/scatter between dense rows and CSR values.
public sealed partial class CpuBackend
{
    /// <inheritdoc />
    public void TopKSelect(Tensor scores, int k, Tensor? columnScale, IndexTensor? candidates, IndexTensor indices)
    {
        int rows = scores.Rows, n = scores.Cols;
        if (k == 0 || rows == 0) return;
        float[] s = scores.Array;
        float[]? scale = columnScale?.Array;
        int[]? among = candidates?.Array;
        int[] output = indices.Array;
        DeterministicPartition.ForRanges(rows, among?.Length ?? n, (r0, r1) =>
        {
            var heap = new RowTopK(k);
            ReadOnlySpan<float> sc = scale is null ? default : scale.AsSpan(0, n);
            for (int r = r0; r < r1; r++)
            {
                var row = s.AsSpan(r * n, n);
                var target = output.AsSpan(r * k, k);
                if (among is null) heap.SelectDense(row, sc, target);
                else heap.SelectAmong(row, sc, among, target);
            }
        });
    }

    /// <inheritdoc />
    public void BatchTopKSelect(Tensor h, int count, IndexTensor rowOffsets, IndexTensor indices, Tensor smallest) =>
        smallest.Array[0] = BatchTopKSelector.Select(h.Array, h.Rows, h.Cols, count, rowOffsets.Array, indices.Array);

    /// <inheritdoc />
    public void SparseGather(Tensor dense, SparseRows pattern, bool relu, Tensor values)
    {
        float[] d = dense.Array, v = values.Array;
        int n = dense.Cols;
        int[] offsets = pattern.RowOffsets.Array, idx = pattern.Indices.Array;
        DeterministicPartition.ForRanges(pattern.Rows, 1 + pattern.NonZeros / Math.Max(1, pattern.Rows), (r0, r1) =>
        {
            for (int r = r0; r < r1; r++)
            {
                int baseIndex = r * n;
                for (int e = offsets[r]; e < offsets[r + 1]; e++)
                {
                    float x = d[baseIndex + idx[e]];
                    v[e] = relu && !(x > 0f) ? 0f : x;
                }
            }
        });
    }

    /// <inheritdoc />
    public void SparseScatterAdd(SparseRows pattern, Tensor values, Tensor dense)
    {
        float[] d = dense.Array, v = values.Array;
        int n = dense.Cols;
        int[] offsets = pattern.RowOffsets.Array, idx = pattern.Indices.Array;
        DeterministicPartition.ForRanges(pattern.Rows, 1 + pattern.NonZeros / Math.Max(1, pattern.Rows), (r0, r1) =>
        {
            for (int r = r0; r < r1; r++)
            {
                int baseIndex = r * n;
                for (int e = offsets[r]; e < offsets[r + 1]; e++) d[baseIndex + idx[e]] += v[e];
            }
        });
    }

    /// <inheritdoc />
    public void SparseReluGrad(Tensor grad, Tensor values, Tensor result)
    {
        var g = grad.Span; var v = values.Span; var y = result.Span;
        for (int e = 0; e < y.Length; e++) y[e] = v[e] > 0f ? g[e] : 0f;
    }
}
