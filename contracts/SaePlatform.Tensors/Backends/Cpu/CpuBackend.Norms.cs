using System.Buffers;
using SaePlatform.Tensors.Backends.Cpu.Kernels;

namespace SaePlatform.Tensors.Backends.Cpu;

public sealed partial class CpuBackend
{
    /// <inheritdoc />
    public void L2Norm(Tensor x, Tensor y)
    {
        var layout = Layout.For(x, y);
        BroadcastReduce.Run(layout, new ValueSource(layout.View(x)), layout.View(y), 1f, 0f, squares: true);
        System.Numerics.Tensors.TensorPrimitives.Sqrt(y.Span, y.Span);
    }

    /// <inheritdoc />
    public void L2NormGrad(Tensor x, Tensor norm, Tensor gradOutput, float beta, Tensor gradInput)
    {
        // d||v||/dv = v / ||v||; the per-norm factor g / ||v|| is formed once (0 for a zero norm), then
        // broadcast-multiplied with x in one pass.
        int k = norm.Length;
        float[] factor = ArrayPool<float>.Shared.Rent(Math.Max(1, k));
        var nv = norm.Span;
        var gv = gradOutput.Span;
        for (int i = 0; i < k; i++) factor[i] = nv[i] > 0 ? gv[i] / nv[i] : 0f;
        var layout = Layout.For(gradInput, x, norm);
        var source = new BinarySource(BinaryOp.Mul, layout.View(x), layout.View(factor, norm.Rows, norm.Cols, k));
        BroadcastReduce.Run(layout, source, layout.View(gradInput), 1f, beta);
        ArrayPool<float>.Shared.Return(factor);
    }
}
