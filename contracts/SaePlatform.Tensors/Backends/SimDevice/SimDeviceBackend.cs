using System.Runtime.InteropServices;
using SaePlatform.Tensors.Backends.Cpu;
using SaePlatform.Tensors.Optimizers;
using SaePlatform.Tensors.Sparse;
using SaePlatform.Tensors.Storage;

namespace SaePlatform.Tensors.Backends.SimDevice;

/// <summary>
/// A simulated accelerator (<c>training.device: simdevice</c>): the CPU backend's kernels over memory that only this
/// backend can touch. Its tensors and index tensors live on <see cref="Device"/>, so host code that reads
/// <see cref="Tensor.Span"/> of one fails as it would on a GPU, a host tensor handed to a kernel is refused, and every
/// host/device crossing (uploads, downloads, and the values a kernel returns to the host: counts, sums, sizes) is
/// counted in <see cref="Transfers"/>. Results are bit-identical to the CPU backend's: the same kernels run on the
/// same values (ReLU codes stay dense, as on a GPU: see <see cref="PrefersDenseCodes"/>).
/// </summary>
public sealed class SimDeviceBackend : ITensorBackend
{
    private readonly CpuBackend _kernels;
    private readonly Dictionary<int, Stack<float[]>> _pool = new();
    private readonly Lock _gate = new();
    private long _liveBytes, _peakBytes, _pooledBytes;

    private SimDeviceBackend(CpuBackend kernels, string name)
    {
        _kernels = kernels;
        Device = TensorDevice.Create(name);
    }

    /// <summary>A simulated device named <paramref name="name"/> running the CPU backend's kernels.</summary>
    public static SimDeviceBackend Create(string name = "simdevice") => new(CpuBackend.Create(), name);

    /// <inheritdoc />
    public string Name => $"{Device.Name} (simulated device over {_kernels.Name})";

    /// <inheritdoc />
    public TensorDevice Device { get; }

    /// <summary>What crossed between host and this device since the last <see cref="DeviceTransfers.Reset"/>.</summary>
    public DeviceTransfers Transfers { get; } = new();

    /// <summary>Bytes of device memory held by live tensors.</summary>
    public long LiveBytes => Interlocked.Read(ref _liveBytes);

    /// <summary>Most device memory held at once (live plus cached), as a caching allocator would report it.</summary>
    public long PeakBytes => Interlocked.Read(ref _peakBytes);

    /// <inheritdoc />
    public TensorStorage Allocate(int length, bool persistent)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        float[]? memory = null;
        lock (_gate)
        {
            _liveBytes += length * 4L;
            if (_pool.TryGetValue(length, out var stack) && stack.Count > 0)
            {
                memory = stack.Pop();
                _pooledBytes -= length * 4L;
            }
            _peakBytes = Math.Max(_peakBytes, _liveBytes + _pooledBytes);
        }
        // Fresh device memory is not zero on a real device either: poison it so a kernel that reads before writing shows.
        if (memory is null)
        {
            memory = GC.AllocateUninitializedArray<float>(length);
            memory.AsSpan().Fill(float.NaN);
        }
        return new SimDeviceStorage(this, memory, pooled: true);
    }

    internal void Return(SimDeviceStorage storage)
    {
        var memory = storage.Memory;
        lock (_gate)
        {
            _liveBytes -= memory.Length * 4L;
            if (memory.Length == 0) return;
            _pooledBytes += memory.Length * 4L;
            if (!_pool.TryGetValue(memory.Length, out var stack)) _pool[memory.Length] = stack = new Stack<float[]>();
            stack.Push(memory);
        }
    }

    /// <summary>The host view a kernel runs on; throws for a tensor that is not in this device's memory.</summary>
    private Tensor D(Tensor t, string op)
    {
        if (t.Storage is SimDeviceStorage s && s.Owner == this) return Tensor.HostView(s.Memory, t);
        throw new ArgumentException(
            $"{op}: {t} lives on {t.Device}, not on {Device.Name}; upload it with ToDevice() (or create it under this backend) before computing with it.");
    }

    // An optional operand (the flag only tells this overload apart).
    private Tensor? D(Tensor? t, string op, bool optional) => t is null ? null : D(t, op);

    /// <summary>Host indices for a kernel, read from this device's memory (a copy, not a transfer: the kernel runs "on" the device).</summary>
    private IndexTensor D(IndexTensor t, string op)
    {
        if (t.DeviceBits is { } bits) return IndexTensor.OnDevice(D(bits, op));
        throw new ArgumentException(
            $"{op}: {t} lives on {t.Device}, not on {Device.Name}; create it with IndexTensor.FromArray under this backend before computing with it.");
    }

    private SparseRows D(SparseRows pattern, string op) =>
        new(pattern.Rows, pattern.Cols, D(pattern.RowOffsets, op), D(pattern.Indices, op), D(pattern.Values, op));

    /// <summary>Device indices holding what a kernel computed into host indices (no transfer: the kernel ran on the device).</summary>
    private IndexTensor Keep(IndexTensor computed)
    {
        var storage = (SimDeviceStorage)Allocate(computed.Length, persistent: false);
        MemoryMarshal.Cast<int, float>(computed.Span).CopyTo(storage.Memory);
        return IndexTensor.OnDevice(Tensor.OnStorage(storage, computed.Length));
    }

    /// <summary>Writes what a kernel computed into the host copy <paramref name="computed"/> back into <paramref name="target"/>'s device memory.</summary>
    private static void WriteBack(IndexTensor computed, IndexTensor target) =>
        MemoryMarshal.Cast<int, float>(computed.Span).CopyTo(((SimDeviceStorage)target.DeviceBits!.Storage).Memory);

    /// <inheritdoc />
    public void Gemm(bool transposeA, bool transposeB, float alpha, Tensor a, Tensor b, float beta, Tensor c) =>
        _kernels.Gemm(transposeA, transposeB, alpha, D(a, nameof(Gemm)), D(b, nameof(Gemm)), beta, D(c, nameof(Gemm)));

    /// <inheritdoc />
    public void Binary(BinaryOp op, Tensor a, Tensor b, Tensor y) =>
        _kernels.Binary(op, D(a, nameof(Binary)), D(b, nameof(Binary)), D(y, nameof(Binary)));

    /// <inheritdoc />
    public void BinaryGrad(BinaryOp op, int operand, Tensor gradOutput, Tensor a, Tensor b, float beta, Tensor gradInput) =>
        _kernels.BinaryGrad(op, operand, D(gradOutput, nameof(BinaryGrad)), D(a, nameof(BinaryGrad)), D(b, nameof(BinaryGrad)), beta, D(gradInput, nameof(BinaryGrad)));

    /// <inheritdoc />
    public void Unary(UnaryOp op, Tensor x, float p, float q, Tensor y) =>
        _kernels.Unary(op, D(x, nameof(Unary)), p, q, D(y, nameof(Unary)));

    /// <inheritdoc />
    public void UnaryGrad(UnaryOp op, Tensor gradOutput, Tensor x, Tensor y, float p, float q, float beta, Tensor gradInput) =>
        _kernels.UnaryGrad(op, D(gradOutput, nameof(UnaryGrad)), D(x, nameof(UnaryGrad)), D(y, nameof(UnaryGrad)), p, q, beta, D(gradInput, nameof(UnaryGrad)));

    /// <inheritdoc />
    public void Where(Tensor mask, Tensor a, Tensor b, Tensor y) =>
        _kernels.Where(D(mask, nameof(Where)), D(a, nameof(Where)), D(b, nameof(Where)), D(y, nameof(Where)));

    /// <inheritdoc />
    public void WhereGrad(Tensor mask, Tensor gradOutput, bool whereTrue, float beta, Tensor gradInput) =>
        _kernels.WhereGrad(D(mask, nameof(WhereGrad)), D(gradOutput, nameof(WhereGrad)), whereTrue, beta, D(gradInput, nameof(WhereGrad)));

    /// <inheritdoc />
    public long BiasRelu(Tensor y, Tensor? bias, Tensor? rowCounts)
    {
        long positive = _kernels.BiasRelu(D(y, nameof(BiasRelu)), D(bias, nameof(BiasRelu), true), D(rowCounts, nameof(BiasRelu), true));
        Transfers.Read(8); // the returned count
        return positive;
    }

    /// <inheritdoc />
    /// <remarks>
    /// True, as on the CUDA backend: ReLU codes stay dense, so a step never reads how many are positive (the CPU reads
    /// that count to choose its sparse path, for free). Results are the CPU's with the sparse path off
    /// (<c>sparse_below: 0</c>), bit for bit.
    /// </remarks>
    public bool PrefersDenseCodes => true;

    /// <inheritdoc />
    /// <remarks>The kernel's count stays on the device: nothing is read.</remarks>
    public void BiasReluInPlace(Tensor y, Tensor? bias) => _kernels.BiasRelu(D(y, nameof(BiasReluInPlace)), D(bias, nameof(BiasReluInPlace), true), null);

    /// <inheritdoc />
    public void ReluBackward(Tensor gradOutput, Tensor y, Tensor gradInput, Tensor? biasGrad, float biasBeta) =>
        _kernels.ReluBackward(D(gradOutput, nameof(ReluBackward)), D(y, nameof(ReluBackward)), D(gradInput, nameof(ReluBackward)),
            D(biasGrad, nameof(ReluBackward), true), biasBeta);

    /// <inheritdoc />
    public void ReluBackward(Tensor? gradOutput, Tensor y, Tensor addend, float addendScale, Tensor gradInput, Tensor? biasGrad, float biasBeta) =>
        _kernels.ReluBackward(D(gradOutput, nameof(ReluBackward), true), D(y, nameof(ReluBackward)), D(addend, nameof(ReluBackward)), addendScale,
            D(gradInput, nameof(ReluBackward)), D(biasGrad, nameof(ReluBackward), true), biasBeta);

    /// <inheritdoc />
    public void SquaredErrorSum(Tensor a, Tensor b, float alpha, Tensor y) =>
        _kernels.SquaredErrorSum(D(a, nameof(SquaredErrorSum)), D(b, nameof(SquaredErrorSum)), alpha, D(y, nameof(SquaredErrorSum)));

    /// <inheritdoc />
    public void SquaredErrorGrad(Tensor a, Tensor b, Tensor gradOutput, float alpha, Tensor? gradA, float betaA, Tensor? gradB, float betaB) =>
        _kernels.SquaredErrorGrad(D(a, nameof(SquaredErrorGrad)), D(b, nameof(SquaredErrorGrad)), D(gradOutput, nameof(SquaredErrorGrad)), alpha,
            D(gradA, nameof(SquaredErrorGrad), true), betaA, D(gradB, nameof(SquaredErrorGrad), true), betaB);

    /// <inheritdoc />
    public void GatedMagnitudeForward(Tensor gate, Tensor bGate, Tensor rMag, Tensor bMag, Tensor features) =>
        _kernels.GatedMagnitudeForward(D(gate, nameof(GatedMagnitudeForward)), D(bGate, nameof(GatedMagnitudeForward)), D(rMag, nameof(GatedMagnitudeForward)),
            D(bMag, nameof(GatedMagnitudeForward)), D(features, nameof(GatedMagnitudeForward)));

    /// <inheritdoc />
    public void GatedMagnitudeBackward(Tensor gradFeatures, Tensor gate, Tensor bGate, Tensor rMag, Tensor bMag,
        Tensor? gradGate, float betaGate, Tensor? gradBGate, float betaBGate, Tensor? gradRMag, float betaRMag,
        Tensor? gradBMag, float betaBMag)
    {
        const string op = nameof(GatedMagnitudeBackward);
        _kernels.GatedMagnitudeBackward(D(gradFeatures, op), D(gate, op), D(bGate, op), D(rMag, op), D(bMag, op),
            D(gradGate, op, true), betaGate, D(gradBGate, op, true), betaBGate, D(gradRMag, op, true), betaRMag, D(gradBMag, op, true), betaBMag);
    }

    /// <inheritdoc />
    public void GatherRows(Tensor x, IndexTensor rows, Tensor y) =>
        _kernels.GatherRows(D(x, nameof(GatherRows)), D(rows, nameof(GatherRows)), D(y, nameof(GatherRows)));

    /// <inheritdoc />
    public void ScatterAddRows(Tensor x, IndexTensor rows, Tensor y) =>
        _kernels.ScatterAddRows(D(x, nameof(ScatterAddRows)), D(rows, nameof(ScatterAddRows)), D(y, nameof(ScatterAddRows)));

    /// <inheritdoc />
    public void GatherColumns(Tensor x, IndexTensor columns, Tensor y) =>
        _kernels.GatherColumns(D(x, nameof(GatherColumns)), D(columns, nameof(GatherColumns)), D(y, nameof(GatherColumns)));

    /// <inheritdoc />
    public void ScatterAddColumns(Tensor x, IndexTensor columns, Tensor y) =>
        _kernels.ScatterAddColumns(D(x, nameof(ScatterAddColumns)), D(columns, nameof(ScatterAddColumns)), D(y, nameof(ScatterAddColumns)));

    /// <inheritdoc />
    /// <remarks>Written in device memory: no upload.</remarks>
    public void FillSequence(IndexTensor indices, int step)
    {
        var target = D(indices, nameof(FillSequence));
        _kernels.FillSequence(target, step);
        WriteBack(target, indices);
    }

    /// <inheritdoc />
    public void L2Norm(Tensor x, Tensor y) => _kernels.L2Norm(D(x, nameof(L2Norm)), D(y, nameof(L2Norm)));

    /// <inheritdoc />
    public void L2NormGrad(Tensor x, Tensor norm, Tensor gradOutput, float beta, Tensor gradInput) =>
        _kernels.L2NormGrad(D(x, nameof(L2NormGrad)), D(norm, nameof(L2NormGrad)), D(gradOutput, nameof(L2NormGrad)), beta, D(gradInput, nameof(L2NormGrad)));

    /// <inheritdoc />
    public void AdamStep(Tensor parameter, Tensor gradient, Tensor expAvg, Tensor expAvgSq, in AdamStepScalars scalars) =>
        _kernels.AdamStep(D(parameter, nameof(AdamStep)), D(gradient, nameof(AdamStep)), D(expAvg, nameof(AdamStep)), D(expAvgSq, nameof(AdamStep)), scalars);

    /// <inheritdoc />
    public void SgdStep(Tensor parameter, Tensor gradient, Tensor? momentumBuffer, in SgdStepScalars scalars) =>
        _kernels.SgdStep(D(parameter, nameof(SgdStep)), D(gradient, nameof(SgdStep)), D(momentumBuffer, nameof(SgdStep), true), scalars);

    /// <inheritdoc />
    public double SumOfSquaresF64(Tensor tensor)
    {
        double sum = _kernels.SumOfSquaresF64(D(tensor, nameof(SumOfSquaresF64)));
        Transfers.Read(8);
        return sum;
    }

    /// <inheritdoc />
    public void SumOfSquaresF64(IReadOnlyList<Tensor> tensors, Tensor result) =>
        _kernels.SumOfSquaresF64([.. tensors.Select(t => D(t, nameof(SumOfSquaresF64)))], D(result, nameof(SumOfSquaresF64)));

    /// <inheritdoc />
    public void ScaleInPlace(Tensor tensor, float factor) => _kernels.ScaleInPlace(D(tensor, nameof(ScaleInPlace)), factor);

    /// <inheritdoc />
    public void RowL2Norms(Tensor matrix, Tensor norms) => _kernels.RowL2Norms(D(matrix, nameof(RowL2Norms)), D(norms, nameof(RowL2Norms)));

    /// <inheritdoc />
    public void NormalizeRowsInPlace(Tensor matrix, float norm) => _kernels.NormalizeRowsInPlace(D(matrix, nameof(NormalizeRowsInPlace)), norm);

    /// <inheritdoc />
    public void RemoveParallelRowComponent(Tensor weight, Tensor gradient) =>
        _kernels.RemoveParallelRowComponent(D(weight, nameof(RemoveParallelRowComponent)), D(gradient, nameof(RemoveParallelRowComponent)));

    /// <inheritdoc />
    public void ReduceSum(Tensor x, float alpha, float beta, Tensor y) => _kernels.ReduceSum(D(x, nameof(ReduceSum)), alpha, beta, D(y, nameof(ReduceSum)));

    /// <inheritdoc />
    public void Expand(Tensor x, float alpha, float beta, Tensor y) => _kernels.Expand(D(x, nameof(Expand)), alpha, beta, D(y, nameof(Expand)));

    /// <inheritdoc />
    public void Dot(Tensor a, Tensor b, float scale, Tensor y) => _kernels.Dot(D(a, nameof(Dot)), D(b, nameof(Dot)), scale, D(y, nameof(Dot)));

    /// <inheritdoc />
    public void CountNonZeroColumns(Tensor x, Tensor counts) =>
        _kernels.CountNonZeroColumns(D(x, nameof(CountNonZeroColumns)), D(counts, nameof(CountNonZeroColumns)));

    /// <inheritdoc />
    public void SparseCountNonZero(SparseRows pattern, Tensor values, Tensor counts) =>
        _kernels.SparseCountNonZero(D(pattern, nameof(SparseCountNonZero)), D(values, nameof(SparseCountNonZero)), D(counts, nameof(SparseCountNonZero)));

    /// <inheritdoc />
    public void ReconstructionStatistics(Tensor x, Tensor xHat, Tensor result) =>
        _kernels.ReconstructionStatistics(D(x, nameof(ReconstructionStatistics)), D(xHat, nameof(ReconstructionStatistics)), D(result, nameof(ReconstructionStatistics)));

    /// <inheritdoc />
    public void GhostGradScales(Tensor residual, Tensor ghost, double epsilon, Tensor scale, Tensor residualMse)
    {
        const string op = nameof(GhostGradScales);
        _kernels.GhostGradScales(D(residual, op), D(ghost, op), epsilon, D(scale, op), D(residualMse, op));
    }

    /// <inheritdoc />
    public void DivideF64(Tensor numerator, Tensor denominator, double epsilon, Tensor result) =>
        _kernels.DivideF64(D(numerator, nameof(DivideF64)), D(denominator, nameof(DivideF64)), epsilon, D(result, nameof(DivideF64)));

    /// <inheritdoc />
    public void TopKSelect(Tensor scores, int k, Tensor? columnScale, IndexTensor? candidates, IndexTensor indices)
    {
        var output = D(indices, nameof(TopKSelect));
        _kernels.TopKSelect(D(scores, nameof(TopKSelect)), k, D(columnScale, nameof(TopKSelect), true),
            candidates is null ? null : D(candidates, nameof(TopKSelect)), output);
        WriteBack(output, indices);
    }

    /// <inheritdoc />
    /// <remarks>Nothing is read: the caller sized the selection, and the smallest value stays in device memory.</remarks>
    public void BatchTopKSelect(Tensor h, int count, IndexTensor rowOffsets, IndexTensor indices, Tensor smallest)
    {
        const string op = nameof(BatchTopKSelect);
        var (offsets, selected) = (D(rowOffsets, op), D(indices, op));
        _kernels.BatchTopKSelect(D(h, op), count, offsets, selected, D(smallest, op));
        WriteBack(offsets, rowOffsets);
        WriteBack(selected, indices);
    }

    /// <inheritdoc />
    public void SelectPositive(Tensor y, Tensor rowCounts, int count, out IndexTensor rowOffsets, out IndexTensor indices)
    {
        _kernels.SelectPositive(D(y, nameof(SelectPositive)), D(rowCounts, nameof(SelectPositive)), count, out var offsets, out var selected);
        rowOffsets = Keep(offsets);
        indices = Keep(selected);
    }

    /// <inheritdoc />
    public void SparseGather(Tensor dense, SparseRows pattern, bool relu, Tensor values) =>
        _kernels.SparseGather(D(dense, nameof(SparseGather)), D(pattern, nameof(SparseGather)), relu, D(values, nameof(SparseGather)));

    /// <inheritdoc />
    public void SparseScatterAdd(SparseRows pattern, Tensor values, Tensor dense) =>
        _kernels.SparseScatterAdd(D(pattern, nameof(SparseScatterAdd)), D(values, nameof(SparseScatterAdd)), D(dense, nameof(SparseScatterAdd)));

    /// <inheritdoc />
    public void SparseReluGrad(Tensor grad, Tensor values, Tensor result) =>
        _kernels.SparseReluGrad(D(grad, nameof(SparseReluGrad)), D(values, nameof(SparseReluGrad)), D(result, nameof(SparseReluGrad)));

    /// <inheritdoc />
    public void SparseMatMul(SparseRows pattern, Tensor values, Tensor w, bool transposeW, Tensor? bias, float beta, Tensor result) =>
        _kernels.SparseMatMul(D(pattern, nameof(SparseMatMul)), D(values, nameof(SparseMatMul)), D(w, nameof(SparseMatMul)), transposeW,
            D(bias, nameof(SparseMatMul), true), beta, D(result, nameof(SparseMatMul)));

    /// <inheritdoc />
    public void SparseRowDots(SparseRows pattern, Tensor dense, Tensor w, float beta, Tensor result) =>
        _kernels.SparseRowDots(D(pattern, nameof(SparseRowDots)), D(dense, nameof(SparseRowDots)), D(w, nameof(SparseRowDots)), beta, D(result, nameof(SparseRowDots)));

    /// <inheritdoc />
    public void SparseTransposeMatMul(SparseRows pattern, Tensor values, Tensor dense, bool transposeResult, float beta, Tensor result) =>
        _kernels.SparseTransposeMatMul(D(pattern, nameof(SparseTransposeMatMul)), D(values, nameof(SparseTransposeMatMul)), D(dense, nameof(SparseTransposeMatMul)),
            transposeResult, beta, D(result, nameof(SparseTransposeMatMul)));

    /// <inheritdoc />
    public void SparseColumnSums(SparseRows pattern, Tensor values, float beta, Tensor result) =>
        _kernels.SparseColumnSums(D(pattern, nameof(SparseColumnSums)), D(values, nameof(SparseColumnSums)), beta, D(result, nameof(SparseColumnSums)));

    /// <inheritdoc />
    public void JumpReluForward(Tensor h, Tensor threshold, bool step, Tensor result) =>
        _kernels.JumpReluForward(D(h, nameof(JumpReluForward)), D(threshold, nameof(JumpReluForward)), step, D(result, nameof(JumpReluForward)));

    /// <inheritdoc />
    public void JumpReluBackward(Tensor h, Tensor threshold, float bandwidth, bool step, Tensor grad,
        Tensor? gradH, float betaH, Tensor? gradThreshold, float betaThreshold)
    {
        const string op = nameof(JumpReluBackward);
        _kernels.JumpReluBackward(D(h, op), D(threshold, op), bandwidth, step, D(grad, op), D(gradH, op, true), betaH, D(gradThreshold, op, true), betaThreshold);
    }
}
