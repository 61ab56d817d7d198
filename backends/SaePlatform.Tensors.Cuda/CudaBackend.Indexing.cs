using ILGPU;
using ILGPU.Runtime;
using SaePlatform.Tensors.Backends;
using SaePlatform.Tensors.Cuda.Kernels;

namespace SaePlatform.Tensors.Cuda;

public sealed partial class CudaBackend
{
    private Action<Index1D, ArrayView<float>, ArrayView<int>, int, ArrayView<float>>? _gatherRows;
    private Action<Index1D, ArrayView<float>, ArrayView<int>, int, int, ArrayView<float>>? _scatterAddRows, _gatherColumns, _scatterAddColumns;
    private Action<Index1D, ArrayView<int>, int>? _sequence;

    /// <inheritdoc />
    public void FillSequence(IndexTensor indices, int step)
    {
        var target = I(indices, nameof(FillSequence));
        if (indices.Length == 0) return;
        (_sequence ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<int>, int>(IndexingKernels.Sequence))(indices.Length, target, step);
    }

    /// <inheritdoc />
    public void GatherRows(Tensor x, IndexTensor rows, Tensor y)
    {
        const string name = nameof(GatherRows);
        var (vx, vi, vy) = (V(x, name), I(rows, name), V(y, name));
        int cols = x.Cols, count = rows.Length;
        if ((long)count * cols == 0) return;
        (_gatherRows ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<int>, int, ArrayView<float>>(IndexingKernels.GatherRows))
            (count * cols, vx, vi, cols, vy);
    }

    /// <inheritdoc />
    /// <remarks>One thread per column walks the index list in order (no atomics); parallel over the columns only.</remarks>
    public void ScatterAddRows(Tensor x, IndexTensor rows, Tensor y)
    {
        const string name = nameof(ScatterAddRows);
        var (vx, vi, vy) = (V(x, name), I(rows, name), V(y, name));
        int cols = x.Cols, count = rows.Length;
        if (count == 0 || cols == 0) return;
        (_scatterAddRows ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<int>, int, int, ArrayView<float>>(
            IndexingKernels.ScatterAddRows))(cols, vx, vi, count, cols, vy);
    }

    /// <inheritdoc />
    public void GatherColumns(Tensor x, IndexTensor columns, Tensor y)
    {
        const string name = nameof(GatherColumns);
        var (vx, vi, vy) = (V(x, name), I(columns, name), V(y, name));
        int rows = x.Rows, cols = x.Cols, picked = columns.Length;
        if ((long)rows * picked == 0) return;
        (_gatherColumns ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<int>, int, int, ArrayView<float>>(
            IndexingKernels.GatherColumns))(rows * picked, vx, vi, cols, picked, vy);
    }

    /// <inheritdoc />
    /// <remarks>One thread per row walks the index list in order (no atomics).</remarks>
    public void ScatterAddColumns(Tensor x, IndexTensor columns, Tensor y)
    {
        const string name = nameof(ScatterAddColumns);
        var (vx, vi, vy) = (V(x, name), I(columns, name), V(y, name));
        int rows = y.Rows, cols = y.Cols, picked = columns.Length;
        if (rows == 0 || picked == 0) return;
        (_scatterAddColumns ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<int>, int, int, ArrayView<float>>(
            IndexingKernels.ScatterAddColumns))(rows, vx, vi, picked, cols, vy);
    }
}
