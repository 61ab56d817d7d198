using ILGPU;
using ILGPU.Runtime;
using SaePlatform.Tensors.Backends;
using SaePlatform.Tensors.Cuda.Kernels;
using SaePlatform.Tensors.Optimizers;

namespace SaePlatform.Tensors.Cuda;

public sealed partial class CudaBackend
{
    private Action<Index1D, OptimizerKernels.AdamArgs, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>>? _adam;
    private Action<Index1D, OptimizerKernels.SgdArgs, ArrayView<float>, ArrayView<float>, ArrayView<float>>? _sgd;
    private Action<Index1D, ArrayView<float>, long, int, ArrayView<double>>? _sumOfSquaresLanes;
    private Action<Index1D, ArrayView<double>, int, int, int, ArrayView<double>, ArrayView<float>>? _accumulateSumOfSquares;
    private Action<Index1D, ArrayView<float>, float, ArrayView<float>>? _scale;
    private Action<Index1D, ArrayView<float>, int, ArrayView<float>>? _rowL2Norms;
    private Action<Index1D, ArrayView<float>, int, float>? _normalizeRows;
    private Action<Index1D, ArrayView<float>, ArrayView<float>, int>? _removeParallel;
    private int? _sumChunkSize;
    private MemoryBuffer1D<double, Stride1D.Dense>? _sumLanes; // per (chunk, lane) partial sums of SumOfSquaresF64

    /// <inheritdoc />
    public void AdamStep(Tensor parameter, Tensor gradient, Tensor expAvg, Tensor expAvgSq, in AdamStepScalars scalars)
    {
        const string name = nameof(AdamStep);
        RequireSameLength(parameter, gradient, name);
        RequireSameLength(parameter, expAvg, name);
        RequireSameLength(parameter, expAvgSq, name);
        var (vp, vg, vm, vv) = (V(parameter, name), V(gradient, name), V(expAvg, name), V(expAvgSq, name));
        if (parameter.Length == 0) return;
        var args = new OptimizerKernels.AdamArgs
        {
            StepSize = scalars.StepSize,
            OneMinusBeta1 = scalars.OneMinusBeta1,
            Beta2 = scalars.Beta2,
            OneMinusBeta2 = scalars.OneMinusBeta2,
            BiasCorrection2Sqrt = scalars.BiasCorrection2Sqrt,
            Epsilon = scalars.Epsilon,
            L2WeightDecay = scalars.L2WeightDecay,
            DecayFactor = scalars.DecayFactor,
        };
        (_adam ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, OptimizerKernels.AdamArgs, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>>(
            OptimizerKernels.Adam))(parameter.Length, args, vp, vg, vm, vv);
    }

    /// <inheritdoc />
    public void SgdStep(Tensor parameter, Tensor gradient, Tensor? momentumBuffer, in SgdStepScalars scalars)
    {
        const string name = nameof(SgdStep);
        RequireSameLength(parameter, gradient, name);
        if (momentumBuffer is not null) RequireSameLength(parameter, momentumBuffer, name);
        var (vp, vg, vb) = (V(parameter, name), V(gradient, name), V(momentumBuffer, name, true));
        if (parameter.Length == 0) return;
        var args = new OptimizerKernels.SgdArgs
        {
            LearningRate = scalars.LearningRate,
            Momentum = scalars.Momentum,
            GradScale = 1f - scalars.Dampening,
            WeightDecay = scalars.WeightDecay,
            HasBuffer = momentumBuffer is null ? 0 : 1,
            Nesterov = scalars.Nesterov ? 1 : 0,
            FirstStep = scalars.FirstStep ? 1 : 0,
        };
        (_sgd ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, OptimizerKernels.SgdArgs, ArrayView<float>, ArrayView<float>, ArrayView<float>>(OptimizerKernels.Sgd))
            (parameter.Length, args, vp, vg, vb);
    }

    /// <inheritdoc />
    public double SumOfSquaresF64(Tensor tensor)
    {
        var vx = V(tensor, nameof(SumOfSquaresF64));
        if (tensor.Length == 0) return 0.0;
        EnsureSumLanes(SumChunks(tensor.Length));
        AccumulateSumOfSquares(vx, tensor.Length, first: true, last: false, _scratch.View);
        return ReadBack(1)[0];
    }

    /// <inheritdoc />
    /// <remarks>
    /// Per tensor: its chunk-and-lane partials, then one thread adds them into a float64 accumulator (in the readback
    /// buffer) in order; the last tensor's step writes the total's bits to <paramref name="result"/>. Nothing is read back.
    /// </remarks>
    public void SumOfSquaresF64(IReadOnlyList<Tensor> tensors, Tensor result)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        const string name = nameof(SumOfSquaresF64);
        var vr = V(result, name);
        if (result.Length < 2) throw new ArgumentException($"{name}: the result needs 2 elements (a float64's bits), got {result.ShapeString}.", nameof(result));
        int most = 0;
        foreach (var t in tensors)
        {
            V(t, name);
            most = Math.Max(most, SumChunks(t.Length));
        }
        EnsureSumLanes(most);
        if (tensors.Count == 0)
        {
            AccumulateSumOfSquares(vr, 0, first: true, last: true, vr);
            return;
        }
        for (int k = 0; k < tensors.Count; k++)
            AccumulateSumOfSquares(V(tensors[k], name), tensors[k].Length, first: k == 0, last: k == tensors.Count - 1, vr);
    }

    /// <inheritdoc />
    public void ScaleInPlace(Tensor tensor, float factor)
    {
        var vx = V(tensor, nameof(ScaleInPlace));
        if (tensor.Length == 0) return;
        (_scale ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, float, ArrayView<float>>(CoreKernels.Scale))(tensor.Length, vx, factor, vx);
    }

    /// <inheritdoc />
    /// <remarks>One thread per row (a float64 dot product in the CPU's lane order).</remarks>
    public void RowL2Norms(Tensor matrix, Tensor norms)
    {
        const string name = nameof(RowL2Norms);
        RequireMatrix(matrix, name);
        if (norms.Length != matrix.Rows)
            throw new ArgumentException($"{name}: {norms.Length} norm slots for {matrix.Rows} rows.", nameof(norms));
        var (vw, vn) = (V(matrix, name), V(norms, name));
        if (matrix.Rows == 0) return;
        (_rowL2Norms ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, int, ArrayView<float>>(OptimizerKernels.RowL2Norms))
            (matrix.Rows, vw, matrix.Cols, vn);
    }

    /// <inheritdoc />
    /// <remarks>One thread per row.</remarks>
    public void NormalizeRowsInPlace(Tensor matrix, float norm)
    {
        const string name = nameof(NormalizeRowsInPlace);
        RequireMatrix(matrix, name);
        var vw = V(matrix, name);
        if (matrix.Rows == 0 || matrix.Cols == 0) return;
        (_normalizeRows ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, int, float>(OptimizerKernels.NormalizeRows))
            (matrix.Rows, vw, matrix.Cols, norm);
    }

    /// <inheritdoc />
    /// <remarks>One thread per row.</remarks>
    public void RemoveParallelRowComponent(Tensor weight, Tensor gradient)
    {
        const string name = nameof(RemoveParallelRowComponent);
        RequireMatrix(weight, name);
        if (gradient.Rows != weight.Rows || gradient.Cols != weight.Cols || gradient.Rank != weight.Rank)
            throw new ArgumentException($"{name}: gradient {gradient.ShapeString} does not match weight {weight.ShapeString}.", nameof(gradient));
        var (vw, vg) = (V(weight, name), V(gradient, name));
        if (weight.Rows == 0 || weight.Cols == 0) return;
        (_removeParallel ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int>(OptimizerKernels.RemoveParallel))
            (weight.Rows, vw, vg, weight.Cols);
    }

    /// <summary>
    /// Elements per chunk of the sums of squares: the CPU's on the CPU accelerator (bit-identical sums), a smaller one on a
    /// GPU for parallelism (settable for tests of the GPU's chunking on the CPU accelerator).
    /// </summary>
    internal int SumChunkSize
    {
        get => _sumChunkSize ??= _accelerator is ILGPU.Runtime.Cuda.CudaAccelerator ? OptimizerKernels.GpuChunk : OptimizerKernels.Chunk;
        set => _sumChunkSize = value;
    }

    private int SumChunks(int length) => (int)(((long)length + SumChunkSize - 1) / SumChunkSize);

    /// <summary>
    /// Queues the sum of squares of <paramref name="x"/> (<paramref name="length"/> elements) into readback slot 0: fixed
    /// chunks (<see cref="SumChunkSize"/>) with 8 lanes each (as the CPU), then one thread adds them in order (see the kernel).
    /// </summary>
    private void AccumulateSumOfSquares(ArrayView<float> x, int length, bool first, bool last, ArrayView<float> result)
    {
        int chunks = SumChunks(length);
        var lanes = _sumLanes!.View;
        if (chunks > 0)
            (_sumOfSquaresLanes ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, long, int, ArrayView<double>>(OptimizerKernels.SumOfSquaresLanes))
                (8 * chunks, x, length, SumChunkSize, lanes);
        (_accumulateSumOfSquares ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, int, int, int, ArrayView<double>, ArrayView<float>>(
            OptimizerKernels.AccumulateSumOfSquares))(1, lanes, chunks, first ? 1 : 0, last ? 1 : 0, ReadbackView, result);
    }

    /// <summary>Grows the lane buffer to <paramref name="chunks"/> chunks (waiting first for kernels that may still read the old one).</summary>
    private void EnsureSumLanes(int chunks)
    {
        long needed = 8L * Math.Max(1, chunks);
        if (_sumLanes is not null && _sumLanes.Length >= needed) return;
        if (_sumLanes is not null)
        {
            _accelerator.Synchronize();
            _sumLanes.Dispose();
        }
        _sumLanes = _accelerator.Allocate1D<double>(Math.Max(needed, 64));
    }

    private static void RequireSameLength(Tensor a, Tensor b, string op)
    {
        if (a.Length != b.Length)
            throw new ArgumentException($"{op}: {b.ShapeString} has {b.Length} elements, expected {a.Length} like {a.ShapeString}.");
    }

    private static void RequireMatrix(Tensor t, string op)
    {
        if (t.Rank != 2) throw new ArgumentException($"{op}: expected a 2-D tensor, got {t.ShapeString}.");
    }
}
