using SaePlatform.Tensors.Backends.Cpu.Kernels;

namespace SaePlatform.Tensors.Backends.Cpu;

public sealed partial class CpuBackend
{
    /// <inheritdoc />
    public void Binary(BinaryOp op, Tensor a, Tensor b, Tensor y)
    {
        var layout = Layout.For(y, a, b);
        BroadcastReduce.Run(layout, new BinarySource(op, layout.View(a), layout.View(b)), layout.View(y), 1f, 0f);
    }

    /// <inheritdoc />
    public void BinaryGrad(BinaryOp op, int operand, Tensor gradOutput, Tensor a, Tensor b, float beta, Tensor gradInput)
    {
        var layout = Layout.For(gradOutput, a, b, gradInput);
        var source = new BinaryGradSource(op, operand, layout.View(gradOutput), layout.View(a), layout.View(b));
        BroadcastReduce.Run(layout, source, layout.View(gradInput), 1f, beta);
    }

    /// <inheritdoc />
    public void Unary(UnaryOp op, Tensor x, float p, float q, Tensor y)
    {
        float[] xs = x.Array, ys = y.Array;
        FlatLoop.For(y.Length, (s, n) => UnaryKernels.Forward(op, xs.AsSpan(s, n), p, q, ys.AsSpan(s, n)));
    }

    /// <inheritdoc />
    public void UnaryGrad(UnaryOp op, Tensor gradOutput, Tensor x, Tensor y, float p, float q, float beta, Tensor gradInput)
    {
        float[] gs = gradOutput.Array, xs = x.Array, ys = y.Array, ds = gradInput.Array;
        FlatLoop.For(gradInput.Length, (s, n) =>
            UnaryKernels.Backward(op, gs.AsSpan(s, n), xs.AsSpan(s, n), ys.AsSpan(s, n), p, q, beta, ds.AsSpan(s, n)));
    }

    /// <inheritdoc />
    public void Where(Tensor mask, Tensor a, Tensor b, Tensor y)
    {
        float[] ms = mask.Array, xs = a.Array, zs = b.Array, ys = y.Array;
        FlatLoop.For(y.Length, (s, n) => MaskKernels.Select(ms.AsSpan(s, n), xs.AsSpan(s, n), zs.AsSpan(s, n), ys.AsSpan(s, n)));
    }

    /// <inheritdoc />
    public void WhereGrad(Tensor mask, Tensor gradOutput, bool whereTrue, float beta, Tensor gradInput)
    {
        float[] ms = mask.Array, gs = gradOutput.Array, ds = gradInput.Array;
        var cond = whereTrue ? MaskKernels.Condition.NonZero : MaskKernels.Condition.Zero;
        FlatLoop.For(gradInput.Length, (s, n) =>
            MaskKernels.MaskedCopy(gs.AsSpan(s, n), ms.AsSpan(s, n), cond, 0, 0, beta, ds.AsSpan(s, n)));
    }
}
