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
        DeterministicPartition.ForChunks(y.Length, BlockPlan.BlockElements, y.Length, (s, e) => UnaryKernels.Forward(op, xs.AsSpan(s, e - s), p, q, ys.AsSpan(s, e - s)));
    }

    /// <inheritdoc />
    public void UnaryGrad(UnaryOp op, Tensor gradOutput, Tensor x, Tensor y, float p, float q, float beta, Tensor gradInput)
    {
        float[] gs = gradOutput.Array, xs = x.Array, ys = y.Array, ds = gradInput.Array;
        DeterministicPartition.ForChunks(gradInput.Length, BlockPlan.BlockElements, gradInput.Length, (s, e) =>
            UnaryKernels.Backward(op, gs.AsSpan(s, e - s), xs.AsSpan(s, e - s), ys.AsSpan(s, e - s), p, q, beta, ds.AsSpan(s, e - s)));
    }

    /// <inheritdoc />
    public void Where(Tensor mask, Tensor a, Tensor b, Tensor y)
    {
        float[] ms = mask.Array, xs = a.Array, zs = b.Array, ys = y.Array;
        DeterministicPartition.ForChunks(y.Length, BlockPlan.BlockElements, y.Length, (s, e) => MaskKernels.Select(ms.AsSpan(s, e - s), xs.AsSpan(s, e - s), zs.AsSpan(s, e - s), ys.AsSpan(s, e - s)));
    }

    /// <inheritdoc />
    public void WhereGrad(Tensor mask, Tensor gradOutput, bool whereTrue, float beta, Tensor gradInput)
    {
        float[] ms = mask.Array, gs = gradOutput.Array, ds = gradInput.Array;
        var cond = whereTrue ? MaskKernels.Condition.NonZero : MaskKernels.Condition.Zero;
        DeterministicPartition.ForChunks(gradInput.Length, BlockPlan.BlockElements, gradInput.Length, (s, e) =>
            MaskKernels.MaskedCopy(gs.AsSpan(s, e - s), ms.AsSpan(s, e - s), cond, 0, 0, beta, ds.AsSpan(s, e - s)));
    }
}
