using ILGPU;
using ILGPU.Runtime;
using SaePlatform.Tensors.Cuda.Kernels;
using SaePlatform.Tensors.Cuda.Memory;

namespace SaePlatform.Tensors.Cuda;

public sealed partial class CudaBackend
{
    private Action<Index1D, FusedKernels.BiasReluArgs>? _biasRelu;
    private Action<Index1D, ArrayView<float>, ArrayView<float>, int, int>? _biasReluInPlace;

    /// <inheritdoc />
    /// <remarks>A GPU keeps ReLU codes dense (cuBLASLt's dense GEMMs beat sparse kernels there), and asks for no count.</remarks>
    public bool PrefersDenseCodes => true;

    /// <inheritdoc />
    public void BiasReluInPlace(Tensor y, Tensor? bias)
    {
        const string name = nameof(BiasReluInPlace);
        var (vy, vb) = (V(y, name), V(bias, name, true));
        if (y.Length == 0) return;
        (_biasReluInPlace ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int, int>(FusedKernels.BiasReluInPlace))
            (y.Length, vy, vb, bias is null ? 0 : 1, y.Cols);
    }
    private Action<Index1D, ArrayView<int>, int, ArrayView<float>>? _rowCounts;
    private Action<Index1D, ArrayView<int>, int, int, ArrayView<double>>? _intPartials;
    private Action<Index1D, ArrayView<double>, int, ArrayView<double>>? _finishToReadback;
    private Action<Index1D, FusedKernels.ReluArgs>? _reluMask, _reluMaskColumns;
    private Action<Index1D, FusedKernels.PairArgs>? _pairPartials;
    private Action<Index1D, ArrayView<double>, int, float, ArrayView<float>>? _pairFinish;
    private Action<Index1D, FusedKernels.SquaredErrorGradArgs>? _squaredErrorGrad;

    /// <inheritdoc />
    public long BiasRelu(Tensor y, Tensor? bias, Tensor? rowCounts)
    {
        const string name = nameof(BiasRelu);
        var (vy, vb, vc) = (V(y, name), V(bias, name, true), V(rowCounts, name, true));
        int rows = y.Rows, cols = y.Cols;
        if (y.Length == 0)
        {
            if (rowCounts is not null && rowCounts.Length > 0) FillRange(vc, 0f);
            return 0;
        }
        // Each row's lanes count into scratch; the row counts are their sums and the total sums all lanes in fixed chunks.
        int lanes = Math.Min(FusedKernels.Lanes, cols), n = rows * lanes;
        var scratch = RentScratch(n);
        try
        {
            var laneCounts = scratch.View.Cast<int>();
            var args = new FusedKernels.BiasReluArgs { Y = vy, Bias = vb, LaneCounts = laneCounts, HasBias = bias is null ? 0 : 1, Cols = cols, LaneCount = lanes };
            (_biasRelu ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, FusedKernels.BiasReluArgs>(FusedKernels.BiasRelu))(n, args);
            if (rowCounts is not null)
                (_rowCounts ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<int>, int, ArrayView<float>>(FusedKernels.RowCounts))(rows, laneCounts, lanes, vc);
            SumToReadback(laneCounts, n);
            return (long)ReadBack(1)[0];
        }
        finally
        {
            Allocator.Return(scratch);
        }
    }

    /// <inheritdoc />
    public void ReluBackward(Tensor gradOutput, Tensor y, Tensor gradInput, Tensor? biasGrad, float biasBeta) =>
        ReluPass(gradOutput, y, null, 0f, gradInput, biasGrad, biasBeta);

    /// <inheritdoc />
    public void ReluBackward(Tensor? gradOutput, Tensor y, Tensor addend, float addendScale, Tensor gradInput, Tensor? biasGrad, float biasBeta) =>
        ReluPass(gradOutput, y, addend, addendScale, gradInput, biasGrad, biasBeta);

    // Element-wise without a bias gradient; with one, one thread per column writes the column and sums it (rows in order).
    private void ReluPass(Tensor? gradOutput, Tensor y, Tensor? addend, float addendScale, Tensor gradInput, Tensor? biasGrad, float biasBeta)
    {
        const string name = nameof(ReluBackward);
        var args = new FusedKernels.ReluArgs
        {
            G = V(gradOutput, name, true),
            Y = V(y, name),
            Addend = V(addend, name, true),
            D = V(gradInput, name),
            BiasGrad = V(biasGrad, name, true),
            HasG = gradOutput is null ? 0 : 1,
            HasAddend = addend is null ? 0 : 1,
            Rows = y.Rows,
            Cols = y.Cols,
            Scale = addendScale,
            BiasBeta = biasBeta,
        };
        if (biasGrad is null)
        {
            if (gradInput.Length > 0) (_reluMask ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, FusedKernels.ReluArgs>(FusedKernels.ReluMask))(gradInput.Length, args);
        }
        else if (args.Cols > 0)
        {
            (_reluMaskColumns ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, FusedKernels.ReluArgs>(FusedKernels.ReluMaskColumns))(args.Cols, args);
        }
    }

    /// <inheritdoc />
    public void SquaredErrorSum(Tensor a, Tensor b, float alpha, Tensor y) => PairSum(a, b, 0, alpha, y, nameof(SquaredErrorSum));

    /// <inheritdoc />
    public void SquaredErrorGrad(Tensor a, Tensor b, Tensor gradOutput, float alpha, Tensor? gradA, float betaA, Tensor? gradB, float betaB)
    {
        const string name = nameof(SquaredErrorGrad);
        var args = new FusedKernels.SquaredErrorGradArgs
        {
            A = V(a, name),
            B = V(b, name),
            G = V(gradOutput, name),
            DA = V(gradA, name, true),
            DB = V(gradB, name, true),
            Alpha = alpha,
            BetaA = betaA,
            BetaB = betaB,
            WantA = gradA is null ? 0 : 1,
            WantB = gradB is null ? 0 : 1,
        };
        if (a.Length == 0 || (gradA is null && gradB is null)) return;
        (_squaredErrorGrad ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, FusedKernels.SquaredErrorGradArgs>(FusedKernels.SquaredErrorGrad))(a.Length, args);
    }

    /// <summary>y = (float)(scale * sum) over equal-length a and b (mode 0: (a - b)^2, mode 1: a * b), from fixed chunks in order.</summary>
    private void PairSum(Tensor a, Tensor b, int mode, float scale, Tensor y, string name)
    {
        var (va, vb, vy) = (V(a, name), V(b, name), V(y, name));
        var partials = PartialsView;
        int length = a.Length, chunk = PartialChunk(length), count = (length + chunk - 1) / chunk;
        if (count > 0)
            (_pairPartials ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, FusedKernels.PairArgs>(FusedKernels.PairPartials))
                (count, new FusedKernels.PairArgs { A = va, B = vb, Partials = partials, Length = length, Chunk = chunk, Mode = mode });
        (_pairFinish ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, int, float, ArrayView<float>>(FusedKernels.PairFinish))
            (1, partials, count, scale, vy);
    }

    /// <summary>readback[0] = the sum of <paramref name="length"/> integers, from fixed chunks added in order.</summary>
    private void SumToReadback(ArrayView<int> values, int length)
    {
        var partials = PartialsView;
        int chunk = PartialChunk(length), count = (length + chunk - 1) / chunk;
        if (count > 0)
            (_intPartials ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<int>, int, int, ArrayView<double>>(ReductionKernels.IntPartials))
                (count, values, length, chunk, partials);
        (_finishToReadback ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, int, ArrayView<double>>(ReductionKernels.FinishToReadback))
            (1, partials, count, ReadbackView);
    }

    /// <summary>The float64 partial sums shared with <see cref="ReduceTo"/> (kernels run in order on one stream).</summary>
    private ArrayView<double> PartialsView => (_partials ??= _accelerator.Allocate1D<double>(ReduceKernels.MaxPartials)).View;

    /// <summary>Elements per partial sum of a flat reduction: at least 4096, at most <see cref="ReduceKernels.MaxPartials"/> chunks.</summary>
    private static int PartialChunk(int length) => (int)Math.Max(4096, ((long)length + ReduceKernels.MaxPartials - 1) / ReduceKernels.MaxPartials);

    /// <summary>Device scratch of at least <paramref name="floats"/> elements; give it back with <c>Allocator.Return</c>
    /// (kernels queued before on the stream still see it: the next user's work is queued after them).</summary>
    private DeviceStorage RentScratch(long floats)
    {
        Bind();
        return Allocator.Rent(this, Math.Max(1, floats));
    }
}
