using ILGPU;
using ILGPU.Runtime;
using SaePlatform.Tensors.Cuda.Kernels;
using SaePlatform.Tensors.Cuda.Memory;
using SaePlatform.Tensors.Sparse;

namespace SaePlatform.Tensors.Cuda;

// Gather/scatter between dense rows and CSR values, and the products of a CSR pattern with dense matrices.
public sealed partial class CudaBackend
{
    private Action<Index1D, SparseKernels.Pattern, ArrayView<float>, int, int, ArrayView<float>>? _sparseGather;
    private Action<Index1D, SparseKernels.Pattern, ArrayView<float>, ArrayView<float>, int>? _sparseScatterAdd;
    private Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>>? _sparseReluGrad;
    private Action<Index1D, SparseKernels.MatMulArgs>? _sparseMatMul;
    private Action<Index1D, SparseKernels.Pattern, ArrayView<float>, ArrayView<float>, int, float, ArrayView<float>>? _sparseRowDots;
    private Action<Index1D, ArrayView<int>, ArrayView<int>>? _countFeatures;
    private Action<Index1D, ArrayView<int>, int, int, int, ArrayView<int>>? _radixCount;
    private Action<Index1D, ArrayView<int>, ArrayView<int>, int, int, int, ArrayView<int>, ArrayView<int>, ArrayView<int>>? _radixScatter;
    private Action<Index1D, SparseKernels.Pattern, ArrayView<int>, ArrayView<int>>? _entryRows;
    private Action<Index1D, SparseKernels.TransposeArgs>? _sparseTransposeMatMul;
    private Action<Index1D, SparseKernels.FeatureIndex, ArrayView<float>, float, ArrayView<float>>? _sparseColumnSums;

    private SparseKernels.Pattern PatternOf(SparseRows pattern, string op) =>
        new() { Offsets = I(pattern.RowOffsets, op), Indices = I(pattern.Indices, op), Rows = pattern.Rows };

    /// <inheritdoc />
    public void SparseGather(Tensor dense, SparseRows pattern, bool relu, Tensor values)
    {
        const string name = nameof(SparseGather);
        var (p, vd, vv) = (PatternOf(pattern, name), V(dense, name), V(values, name));
        if (pattern.NonZeros == 0 || pattern.Rows == 0) return;
        (_sparseGather ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, SparseKernels.Pattern, ArrayView<float>, int, int, ArrayView<float>>(SparseKernels.Gather))
            (pattern.NonZeros, p, vd, dense.Cols, relu ? 1 : 0, vv);
    }

    /// <inheritdoc />
    public void SparseScatterAdd(SparseRows pattern, Tensor values, Tensor dense)
    {
        const string name = nameof(SparseScatterAdd);
        var (p, vv, vd) = (PatternOf(pattern, name), V(values, name), V(dense, name));
        if (pattern.Rows == 0) return;
        (_sparseScatterAdd ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, SparseKernels.Pattern, ArrayView<float>, ArrayView<float>, int>(SparseKernels.ScatterAdd))
            (pattern.Rows, p, vv, vd, dense.Cols);
    }

    /// <inheritdoc />
    public void SparseReluGrad(Tensor grad, Tensor values, Tensor result)
    {
        const string name = nameof(SparseReluGrad);
        var (vg, vv, vr) = (V(grad, name), V(values, name), V(result, name));
        if (result.Length == 0) return;
        (_sparseReluGrad ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>>(SparseKernels.ReluGrad))
            (result.Length, vg, vv, vr);
    }

    /// <inheritdoc />
    public void SparseMatMul(SparseRows pattern, Tensor values, Tensor w, bool transposeW, Tensor? bias, float beta, Tensor result)
    {
        const string name = nameof(SparseMatMul);
        var args = new SparseKernels.MatMulArgs
        {
            P = PatternOf(pattern, name),
            Values = V(values, name),
            W = V(w, name),
            Bias = V(bias, name, true),
            Result = V(result, name),
            D = transposeW ? w.Rows : w.Cols,
            N = w.Cols,
            TransposeW = transposeW ? 1 : 0,
            HasBias = bias is null ? 0 : 1,
            Beta = beta,
        };
        if (result.Length == 0) return;
        (_sparseMatMul ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, SparseKernels.MatMulArgs>(SparseKernels.MatMul))(pattern.Rows * args.D, args);
    }

    /// <inheritdoc />
    public void SparseRowDots(SparseRows pattern, Tensor dense, Tensor w, float beta, Tensor result)
    {
        const string name = nameof(SparseRowDots);
        var (p, vd, vw, vr) = (PatternOf(pattern, name), V(dense, name), V(w, name), V(result, name));
        if (pattern.NonZeros == 0 || pattern.Rows == 0) return;
        (_sparseRowDots ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, SparseKernels.Pattern, ArrayView<float>, ArrayView<float>, int, float, ArrayView<float>>(
            SparseKernels.RowDots))(pattern.NonZeros, p, vd, vw, dense.Cols, beta, vr);
    }

    /// <inheritdoc />
    public void SparseTransposeMatMul(SparseRows pattern, Tensor values, Tensor dense, bool transposeResult, float beta, Tensor result)
    {
        const string name = nameof(SparseTransposeMatMul);
        int n = pattern.Cols, d = dense.Cols;
        var (p, vv, vd, vr) = (PatternOf(pattern, name), V(values, name), V(dense, name), V(result, name));
        if (result.Length == 0) return;
        var storage = BuildFeatureIndex(p, n, pattern.NonZeros, withRows: true, out var index);
        try
        {
            var args = new SparseKernels.TransposeArgs
            {
                F = index, Values = vv, Dense = vd, Result = vr, N = n, D = d, TransposeResult = transposeResult ? 1 : 0, Beta = beta,
            };
            (_sparseTransposeMatMul ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, SparseKernels.TransposeArgs>(SparseKernels.TransposeMatMul))(n * d, args);
        }
        finally
        {
            Allocator.Return(storage);
        }
    }

    /// <inheritdoc />
    public void SparseColumnSums(SparseRows pattern, Tensor values, float beta, Tensor result)
    {
        const string name = nameof(SparseColumnSums);
        var (p, vv, vr) = (PatternOf(pattern, name), V(values, name), V(result, name));
        if (result.Length == 0) return;
        var storage = BuildFeatureIndex(p, result.Length, pattern.NonZeros, withRows: false, out var index);
        try
        {
            (_sparseColumnSums ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, SparseKernels.FeatureIndex, ArrayView<float>, float, ArrayView<float>>(
                SparseKernels.ColumnSums))(result.Length, index, vv, beta, vr);
        }
        finally
        {
            Allocator.Return(storage);
        }
    }

    /// <summary>
    /// The pattern's entries grouped by feature, each group in ascending entry (so row) order, as the CPU's stable
    /// counting sort gives: per-feature counts (integer atomics) and their offsets, then the entries sorted by feature with
    /// a stable LSD radix sort (8 bits a pass; each pass counts digits per chunk of entries, scans, and moves each chunk in
    /// order), the same on every run and parallel however the entries spread over features (a feature that fires in every
    /// row costs no more than any other). Returns the scratch that holds it (give it back once the kernels using it are
    /// queued).
    /// </summary>
    private DeviceStorage BuildFeatureIndex(SparseKernels.Pattern p, int features, int nnz, bool withRows, out SparseKernels.FeatureIndex index)
    {
        long length = (features + 1L) + nnz + (withRows ? nnz : 0);
        var storage = Allocator.Rent(this, length);
        var all = storage.View.Cast<int>();
        index = new SparseKernels.FeatureIndex
        {
            Offsets = all.SubView(0, features + 1),
            Entries = nnz == 0 ? all.SubView(0, 1) : all.SubView(features + 1L, nnz), // unread without entries
            Rows = withRows && nnz > 0 ? all.SubView(features + 1L + nnz, nnz) : all.SubView(0, 1),
        };
        FillRange(storage.View.SubView(0, features + 1), 0f); // int 0 has the bits of 0f
        if (nnz > 0)
            (_countFeatures ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<int>, ArrayView<int>>(SparseKernels.CountFeatures))(nnz, p.Indices, index.Offsets);
        OffsetsFromCounts(index.Offsets, features);
        if (nnz == 0) return storage;
        SortEntriesByFeature(p.Indices, features, nnz, index.Entries);
        if (withRows)
            (_entryRows ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, SparseKernels.Pattern, ArrayView<int>, ArrayView<int>>(SparseKernels.EntryRows))
                (nnz, p, index.Entries, index.Rows);
        return storage;
    }

    /// <summary>entries = 0 .. nnz - 1 stably sorted by their feature (<paramref name="keys"/>[e]), by LSD radix passes.</summary>
    private void SortEntriesByFeature(ArrayView<int> keys, int features, int nnz, ArrayView<int> entries)
    {
        int bits = Math.Max(1, 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)Math.Max(1, features - 1)));
        int passes = (bits + 7) / 8;
        int chunks = (nnz + SparseKernels.RadixChunk - 1) / SparseKernels.RadixChunk;
        int slots = SparseKernels.RadixDigits * chunks;
        var scratch = Allocator.Rent(this, 4L * nnz + slots + 1);
        try
        {
            var all = scratch.View.Cast<int>();
            ArrayView<int> keysA = all.SubView(0, nnz), valuesA = all.SubView(nnz, nnz), keysB = all.SubView(2L * nnz, nnz), valuesB = all.SubView(3L * nnz, nnz);
            var counts = all.SubView(4L * nnz, slots + 1);
            (_sequence ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<int>, int>(IndexingKernels.Sequence))(nnz, valuesA, 1);
            ArrayView<int> fromKeys = keys, fromValues = valuesA;
            for (int pass = 0; pass < passes; pass++)
            {
                int shift = 8 * pass;
                (_radixCount ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<int>, int, int, int, ArrayView<int>>(SparseKernels.RadixCount))
                    (chunks, fromKeys, nnz, shift, chunks, counts);
                OffsetsFromCounts(counts, slots);
                // Passes alternate between the two buffers (never writing what they read); the last writes the values into the index.
                var toKeys = pass % 2 == 0 ? keysB : keysA;
                var toValues = pass == passes - 1 ? entries : pass % 2 == 0 ? valuesB : valuesA;
                (_radixScatter ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<int>, ArrayView<int>, int, int, int, ArrayView<int>, ArrayView<int>, ArrayView<int>>(
                    SparseKernels.RadixScatter))(chunks, fromKeys, fromValues, nnz, shift, chunks, counts, toKeys, toValues);
                (fromKeys, fromValues) = (toKeys, toValues);
            }
        }
        finally
        {
            Allocator.Return(scratch);
        }
    }
}
