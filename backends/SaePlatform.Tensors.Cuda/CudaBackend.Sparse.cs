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
    private Action<Index1D, ArrayView<int>, ArrayView<int>, ArrayView<int>>? _placeEntries;
    private Action<Index1D, ArrayView<int>, ArrayView<int>>? _sortSegments;
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
    /// counting sort gives: per-feature counts (integer atomics), their offsets, a placement by integer atomics, then
    /// each group sorted by its own thread. Returns the scratch that holds it (give it back once the kernels using it
    /// are queued).
    /// </summary>
    private DeviceStorage BuildFeatureIndex(SparseKernels.Pattern p, int features, int nnz, bool withRows, out SparseKernels.FeatureIndex index)
    {
        long length = (features + 1L) + features + nnz + (withRows ? nnz : 0);
        var storage = Allocator.Rent(this, length);
        var all = storage.View.Cast<int>();
        index = new SparseKernels.FeatureIndex
        {
            Offsets = all.SubView(0, features + 1),
            Entries = nnz == 0 ? all.SubView(0, 1) : all.SubView(2L * features + 1, nnz), // unread without entries
            Rows = withRows && nnz > 0 ? all.SubView(2L * features + 1 + nnz, nnz) : all.SubView(0, 1),
        };
        var cursor = all.SubView(features + 1, features);
        FillRange(storage.View.SubView(0, features + 1), 0f); // int 0 has the bits of 0f
        if (nnz > 0)
            (_countFeatures ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<int>, ArrayView<int>>(SparseKernels.CountFeatures))(nnz, p.Indices, index.Offsets);
        OffsetsFromCounts(index.Offsets, features);
        if (nnz == 0) return storage;
        index.Offsets.SubView(0, features).CopyTo(_accelerator.DefaultStream, cursor);
        (_placeEntries ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<int>, ArrayView<int>, ArrayView<int>>(SparseKernels.PlaceEntries))
            (nnz, p.Indices, cursor, index.Entries);
        (_sortSegments ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<int>, ArrayView<int>>(SparseKernels.SortSegments))(features, index.Offsets, index.Entries);
        if (withRows)
            (_entryRows ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, SparseKernels.Pattern, ArrayView<int>, ArrayView<int>>(SparseKernels.EntryRows))
                (nnz, p, index.Entries, index.Rows);
        return storage;
    }
}
