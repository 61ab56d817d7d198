using SaePlatform.Tensors.Autograd;

namespace SaePlatform.Tensors;

public static partial class Ops
{
    // Minimal Sum so the test harness compiles; the reductions family replaces this file.
    /// <summary>Sum of all elements, as a scalar.</summary>
    public static Tensor Sum(Tensor x)
    {
        double s = 0;
        foreach (var v in x.Span) s += v;
        var y = Tensor.Scalar((float)s);
        return GradNode.Record(y, "Sum", (g, ctx) =>
        {
            var gb = ctx.Grad(0);
            var D = gb.Tensor.Span;
            float gv = g.Span[0];
            for (int i = 0; i < D.Length; i++) D[i] = (gb.Accumulate ? D[i] : 0) + gv;
        }, x);
    }
}
