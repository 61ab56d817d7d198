using ILGPU;
using ILGPU.Runtime;
using SaePlatform.Tensors.Backends;
using SaePlatform.Tensors.Cuda.Kernels;

namespace SaePlatform.Tensors.Cuda;

public sealed partial class CudaBackend
{
    private Action<Index1D, int, int, Operand, Operand, ArrayView<float>>? _binary;
    private Action<Index1D, ElementwiseKernels.UnaryArgs, ArrayView<float>, ArrayView<float>>? _unary;
    private Action<Index1D, ElementwiseKernels.UnaryArgs, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>>? _unaryGrad;
    private Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>>? _where;
    private Action<Index1D, ArrayView<float>, ArrayView<float>, int, float, ArrayView<float>>? _whereGrad;

    /// <inheritdoc />
    public void Binary(BinaryOp op, Tensor a, Tensor b, Tensor y)
    {
        const string name = nameof(Binary);
        int rows = y.Rows, cols = y.Cols;
        var oa = Broadcast(a, rows, cols, name);
        var ob = Broadcast(b, rows, cols, name);
        var vy = V(y, name);
        if (y.Length == 0) return;
        (_binary ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, int, int, Operand, Operand, ArrayView<float>>(ElementwiseKernels.Binary))
            (y.Length, (int)op, cols, oa, ob, vy);
    }

    /// <inheritdoc />
    public void BinaryGrad(BinaryOp op, int operand, Tensor gradOutput, Tensor a, Tensor b, float beta, Tensor gradInput)
    {
        const string name = nameof(BinaryGrad);
        int rows = gradOutput.Rows, cols = gradOutput.Cols;
        var source = new ReduceSource
        {
            Mode = ReduceSource.BinaryGrad,
            Op = (int)op,
            Which = operand,
            X = Broadcast(gradOutput, rows, cols, name),
            A = Broadcast(a, rows, cols, name),
            B = Broadcast(b, rows, cols, name),
        };
        ReduceTo(source, rows, cols, gradInput, 1f, beta, name);
    }

    /// <inheritdoc />
    public void Unary(UnaryOp op, Tensor x, float p, float q, Tensor y)
    {
        var vx = V(x, nameof(Unary));
        var vy = V(y, nameof(Unary));
        if (y.Length == 0) return;
        (_unary ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ElementwiseKernels.UnaryArgs, ArrayView<float>, ArrayView<float>>(ElementwiseKernels.Unary))
            (y.Length, new ElementwiseKernels.UnaryArgs { Op = (int)op, P = p, Q = q }, vx, vy);
    }

    /// <inheritdoc />
    public void UnaryGrad(UnaryOp op, Tensor gradOutput, Tensor x, Tensor y, float p, float q, float beta, Tensor gradInput)
    {
        const string name = nameof(UnaryGrad);
        var (vg, vx, vy, vd) = (V(gradOutput, name), V(x, name), V(y, name), V(gradInput, name));
        if (gradInput.Length == 0) return;
        (_unaryGrad ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ElementwiseKernels.UnaryArgs, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>>(
            ElementwiseKernels.UnaryGrad))(gradInput.Length, new ElementwiseKernels.UnaryArgs { Op = (int)op, P = p, Q = q, Beta = beta }, vg, vx, vy, vd);
    }

    /// <inheritdoc />
    public void Where(Tensor mask, Tensor a, Tensor b, Tensor y)
    {
        var (vm, va, vb, vy) = (V(mask, nameof(Where)), V(a, nameof(Where)), V(b, nameof(Where)), V(y, nameof(Where)));
        if (y.Length == 0) return;
        (_where ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>>(ElementwiseKernels.Where))
            (y.Length, vm, va, vb, vy);
    }

    /// <inheritdoc />
    public void WhereGrad(Tensor mask, Tensor gradOutput, bool whereTrue, float beta, Tensor gradInput)
    {
        var (vm, vg, vd) = (V(mask, nameof(WhereGrad)), V(gradOutput, nameof(WhereGrad)), V(gradInput, nameof(WhereGrad)));
        if (gradInput.Length == 0) return;
        (_whereGrad ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int, float, ArrayView<float>>(ElementwiseKernels.WhereGrad))
            (gradInput.Length, vm, vg, whereTrue ? 1 : 0, beta, vd);
    }
}
