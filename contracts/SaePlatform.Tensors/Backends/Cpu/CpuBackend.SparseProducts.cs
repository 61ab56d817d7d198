using System.Numerics.Tensors;
using System.Runtime.Intrinsics.X86;
using SaePlatform.Tensors.Backends.Cpu.Sparse;
using SaePlatform.Tensors.Memory;
using SaePlatform.Tensors.Sparse;

namespace SaePlatform.Tensors.Backends.Cpu;

// Products between a CSR pattern and dense matrices: the sparse decoder (S @ W_dec) and the sparse
// encoder backward (dh @ W_enc^T, x^T dh). Work is split by output rows or by features so that each
// output element has one writer and one fixed summation order: deterministic at any core count.
public sealed partial class CpuBackend
{
    // Features per block when writing a [d, n] result column-wise: 16 floats fill one cache line.
    private const int FeatureBlock = 16;

    /// <inheritdoc />
    public void SparseMatMul(SparseRows pattern, Tensor values, Tensor w, bool transposeW, Tensor? bias, float beta, Tensor result)
    {
        if (!transposeW)
        {
            SparseTimesRows(pattern, values.Array, w.Array, w.Cols, bias?.Array, beta, result.Array);
            return;
        }
        // S @ W^T with W [d, n]: gather rows of a transposed copy instead of strided columns.
        int d = w.Rows, n = w.Cols;
        var wt = TensorPool.Rent(d * n);
        try
        {
            Transpose.Full(w.Array, d, n, wt);
            SparseTimesRows(pattern, values.Array, wt, d, bias?.Array, beta, result.Array);
        }
        finally
        {
            TensorPool.Return(wt);
        }
    }

    private static void SparseTimesRows(SparseRows pattern, float[] values, float[] w, int d, float[]? bias, float beta, float[] result)
    {
        int[] offsets = pattern.RowOffsets.Array, idx = pattern.Indices.Array;
        long perRow = (long)d * (1 + pattern.NonZeros / Math.Max(1, pattern.Rows));
        DeterministicPartition.ForRanges(pattern.Rows, perRow, (r0, r1) =>
        {
            for (int r = r0; r < r1; r++)
            {
                var y = result.AsSpan(r * d, d);
                if (beta == 0f) y.Clear();
                else if (beta != 1f) TensorPrimitives.Multiply(y, beta, y);
                if (bias is not null) TensorPrimitives.Add(y, bias.AsSpan(0, d), y);
                for (int e = offsets[r]; e < offsets[r + 1]; e++)
                {
                    float v = values[e];
                    if (v == 0f) continue; // ReLU zeros of TopK: nothing to add.
                    TensorPrimitives.MultiplyAdd(w.AsSpan(idx[e] * d, d), v, y, y);
                }
            }
        });
    }

    /// <inheritdoc />
    public void SparseRowDots(SparseRows pattern, Tensor dense, Tensor w, float beta, Tensor result)
    {
        float[] g = dense.Array, wa = w.Array, y = result.Array;
        int d = dense.Cols;
        int[] offsets = pattern.RowOffsets.Array, idx = pattern.Indices.Array;
        long perRow = (long)d * (1 + pattern.NonZeros / Math.Max(1, pattern.Rows));
        DeterministicPartition.ForRanges(pattern.Rows, perRow, (r0, r1) =>
        {
            for (int r = r0; r < r1; r++)
            {
                var gr = g.AsSpan(r * d, d);
                for (int e = offsets[r]; e < offsets[r + 1]; e++)
                {
                    float dot = TensorPrimitives.Dot(gr, wa.AsSpan(idx[e] * d, d));
                    y[e] = beta == 0f ? dot : beta * y[e] + dot;
                }
            }
        });
    }

    /// <inheritdoc />
    public void SparseTransposeMatMul(SparseRows pattern, Tensor values, Tensor dense, bool transposeResult, float beta, Tensor result)
    {
        var byFeature = FeatureMajorIndex.Build(pattern.Rows, pattern.Cols, pattern.RowOffsets.Array, pattern.Indices.Array);
        if (transposeResult) FeatureColumns(byFeature, pattern.Cols, values.Array, dense.Array, dense.Cols, beta, result.Array);
        else FeatureRows(byFeature, pattern.Cols, values.Array, dense.Array, dense.Cols, beta, result.Array);
    }

    /// <summary>result[j, :] = beta * result[j, :] + sum over entries of feature j of v_e * dense[row_e, :].</summary>
    private static void FeatureRows(FeatureMajorIndex byFeature, int n, float[] values, float[] dense, int d, float beta, float[] result)
    {
        long perFeature = (long)d * (1 + byFeature.Entries.Length / Math.Max(1, n));
        DeterministicPartition.ForRanges(n, perFeature, (j0, j1) =>
        {
            for (int j = j0; j < j1; j++)
                AccumulateFeature(byFeature, j, values, dense, d, beta, result.AsSpan(j * d, d));
        });
    }

    /// <summary>
    /// result [d, n] += dense^T S: each block of 16 features is accumulated as rows of a small scratch
    /// (contiguous, vectorised), then written transposed into its 16 columns (one cache line per row).
    /// </summary>
    private static void FeatureColumns(FeatureMajorIndex byFeature, int n, float[] values, float[] dense, int d, float beta, float[] result)
    {
        int blocks = (n + FeatureBlock - 1) / FeatureBlock;
        long perBlock = (long)d * FeatureBlock * (1 + byFeature.Entries.Length / Math.Max(1, n));
        DeterministicPartition.ForRanges(blocks, perBlock, (b0, b1) =>
        {
            var scratch = new float[FeatureBlock * d];
            for (int block = b0; block < b1; block++)
            {
                int j0 = block * FeatureBlock, width = Math.Min(FeatureBlock, n - j0);
                if (beta == 1f && byFeature.Offsets[j0 + width] == byFeature.Offsets[j0]) continue;
                for (int f = 0; f < width; f++)
                    AccumulateFeature(byFeature, j0 + f, values, dense, d, 0f, scratch.AsSpan(f * d, d));
                int p = 0;
                if (Avx.IsSupported && width == FeatureBlock)
                    for (; p + 8 <= d; p += 8)
                        for (int half = 0; half < FeatureBlock; half += 8)
                            Transpose.Tile8x8(ref scratch[half * d + p], d, ref result[p * n + j0 + half], n, beta);
                for (; p < d; p++)
                    for (int f = 0; f < width; f++)
                    {
                        ref float r = ref result[p * n + j0 + f];
                        r = scratch[f * d + p] + (beta == 0f ? 0f : beta * r);
                    }
            }
        });
    }

    private static void AccumulateFeature(FeatureMajorIndex byFeature, int j, float[] values, float[] dense, int d, float beta, Span<float> dst)
    {
        int start = byFeature.Offsets[j], end = byFeature.Offsets[j + 1];
        if (beta == 0f) dst.Clear();
        else if (beta != 1f) TensorPrimitives.Multiply(dst, beta, dst);
        for (int s = start; s < end; s++)
        {
            float v = values[byFeature.Entries[s]];
            if (v == 0f) continue;
            TensorPrimitives.MultiplyAdd(dense.AsSpan(byFeature.Rows[s] * d, d), v, dst, dst);
        }
    }

    /// <inheritdoc />
    public void SparseColumnSums(SparseRows pattern, Tensor values, float beta, Tensor result)
    {
        var y = result.Span;
        if (beta == 0f) y.Clear();
        else if (beta != 1f) TensorPrimitives.Multiply(y, beta, y);
        var v = values.Span;
        var idx = pattern.Indices.Array;
        for (int e = 0; e < pattern.NonZeros; e++) y[idx[e]] += v[e];
    }
}
