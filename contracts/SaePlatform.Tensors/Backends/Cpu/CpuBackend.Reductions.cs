using SaePlatform.Tensors.Backends.Cpu.Kernels;

namespace SaePlatform.Tensors.Backends.Cpu;

public sealed partial class CpuBackend
{
    /// <inheritdoc />
    public void ReduceSum(Tensor x, float alpha, float beta, Tensor y)
    {
        var layout = Layout.For(x, y);
        BroadcastReduce.Run(layout, new ValueSource(layout.View(x)), layout.View(y), alpha, beta);
    }

    /// <inheritdoc />
    public void Expand(Tensor x, float alpha, float beta, Tensor y)
    {
        var layout = Layout.For(y, x);
        BroadcastReduce.Run(layout, new ValueSource(layout.View(x)), layout.View(y), alpha, beta);
    }

    /// <inheritdoc />
    public void Dot(Tensor a, Tensor b, float scale, Tensor y)
    {
        var xs = a.Span;
        var ws = b.Span;
        double sum = 0;
        for (int j = 0; j < xs.Length; j++) sum += (double)xs[j] * ws[j];
        y.Span[0] = (float)(sum * scale);
    }
}
