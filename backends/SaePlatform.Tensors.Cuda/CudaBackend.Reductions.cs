using ILGPU;
using ILGPU.Runtime;
using SaePlatform.Tensors.Cuda.Kernels;

namespace SaePlatform.Tensors.Cuda;

public sealed partial class CudaBackend
{
    private Action<Index1D, ArrayView<float>, int, int, ArrayView<float>>? _countColumns;
    private Action<Index1D, ArrayView<int>>? _zeroInts;
    private Action<Index1D, ArrayView<float>, ArrayView<int>, ArrayView<int>>? _countSparse;
    private Action<Index1D, ArrayView<int>, ArrayView<float>>? _intsToFloats;
    private Action<Index1D, ReductionKernels.ReconstructionArgs>? _columnMeans, _rowErrors, _reconstructionFinish;
    private Action<Index1D, ReductionKernels.GhostArgs>? _ghostRows, _ghostFinish;
    private Action<Index1D, ArrayView<int>, ArrayView<float>, double, ArrayView<float>>? _divideF64;

    /// <inheritdoc />
    public void ReduceSum(Tensor x, float alpha, float beta, Tensor y)
    {
        const string name = nameof(ReduceSum);
        int rows = x.Rows, cols = x.Cols;
        ReduceTo(new ReduceSource { Mode = ReduceSource.Value, X = Broadcast(x, rows, cols, name) }, rows, cols, y, alpha, beta, name);
    }

    /// <inheritdoc />
    public void Expand(Tensor x, float alpha, float beta, Tensor y)
    {
        const string name = nameof(Expand);
        int rows = y.Rows, cols = y.Cols;
        ReduceTo(new ReduceSource { Mode = ReduceSource.Value, X = Broadcast(x, rows, cols, name) }, rows, cols, y, alpha, beta, name);
    }

    /// <inheritdoc />
    public void Dot(Tensor a, Tensor b, float scale, Tensor y) => PairSum(a, b, 1, scale, y, nameof(Dot));

    /// <inheritdoc />
    public void CountNonZeroColumns(Tensor x, Tensor counts)
    {
        const string name = nameof(CountNonZeroColumns);
        var (vx, vc) = (V(x, name), V(counts, name));
        if (x.Cols == 0) return;
        (_countColumns ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, int, int, ArrayView<float>>(ReductionKernels.CountColumns))
            (x.Cols, vx, x.Rows, x.Cols, vc);
    }

    /// <inheritdoc />
    public void SparseCountNonZero(Sparse.SparseRows pattern, Tensor values, Tensor counts)
    {
        // Integer tallies in the counts' own memory (integer atomics: exact in any order), then converted to float32.
        const string name = nameof(SparseCountNonZero);
        var (vv, vi, vc) = (V(values, name), I(pattern.Indices, name), V(counts, name));
        int cols = pattern.Cols, nnz = pattern.NonZeros;
        if (cols == 0) return;
        var tally = vc.Cast<int>();
        (_zeroInts ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<int>>(ReductionKernels.ZeroInts))(cols, tally);
        if (nnz > 0)
            (_countSparse ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<int>, ArrayView<int>>(ReductionKernels.CountSparse))
                (nnz, vv, vi, tally);
        (_intsToFloats ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<int>, ArrayView<float>>(ReductionKernels.IntsToFloats))(cols, tally, vc);
    }

    /// <inheritdoc />
    public void ReconstructionStatistics(Tensor x, Tensor xHat, Tensor result)
    {
        const string name = nameof(ReconstructionStatistics);
        var (vx, vh, vr) = (V(x, name), V(xHat, name), V(result, name));
        int width = x.Cols, rows = width == 0 ? 0 : x.Length / width;
        int meanLength = Math.Max(1, width), rowLength = Math.Max(1, rows);
        // Float64 scratch: the column means [width], then each row's error and variance [rows] each.
        var scratch = RentScratch(2L * (meanLength + 2L * rowLength));
        try
        {
            var doubles = scratch.View.Cast<double>();
            var args = new ReductionKernels.ReconstructionArgs
            {
                X = vx,
                XHat = vh,
                Mean = doubles.SubView(0, meanLength),
                RowError = doubles.SubView(meanLength, rowLength),
                RowVariance = doubles.SubView(meanLength + rowLength, rowLength),
                Result = vr.Cast<int>(),
                Rows = rows,
                Width = width,
            };
            if (rows > 0)
            {
                (_columnMeans ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ReductionKernels.ReconstructionArgs>(ReductionKernels.ColumnMeans))(width, args);
                (_rowErrors ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ReductionKernels.ReconstructionArgs>(ReductionKernels.RowErrors))(rows, args);
            }
            (_reconstructionFinish ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ReductionKernels.ReconstructionArgs>(ReductionKernels.ReconstructionFinish))(1, args);
        }
        finally
        {
            Allocator.Return(scratch);
        }
    }

    /// <inheritdoc />
    public void GhostGradScales(Tensor residual, Tensor ghost, double epsilon, Tensor scale, Tensor residualMse)
    {
        const string name = nameof(GhostGradScales);
        int rows = residual.Rows;
        var scratch = RentScratch(2L * Math.Max(1, rows));
        try
        {
            var args = new ReductionKernels.GhostArgs
            {
                Residual = V(residual, name),
                Ghost = V(ghost, name),
                Scale = V(scale, name),
                RowSquares = scratch.View.Cast<double>().SubView(0, Math.Max(1, rows)),
                Mse = V(residualMse, name).Cast<int>(),
                Epsilon = epsilon,
                Rows = rows,
                Width = residual.Cols,
            };
            if (rows > 0) (_ghostRows ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ReductionKernels.GhostArgs>(ReductionKernels.GhostRows))(rows, args);
            (_ghostFinish ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ReductionKernels.GhostArgs>(ReductionKernels.GhostFinish))(1, args);
        }
        finally
        {
            Allocator.Return(scratch);
        }
    }

    /// <inheritdoc />
    public void DivideF64(Tensor numerator, Tensor denominator, double epsilon, Tensor result)
    {
        const string name = nameof(DivideF64);
        var (vn, vd, vr) = (V(numerator, name).Cast<int>(), V(denominator, name), V(result, name));
        (_divideF64 ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<int>, ArrayView<float>, double, ArrayView<float>>(ReductionKernels.DivideF64))
            (1, vn, vd, epsilon, vr);
    }
}
