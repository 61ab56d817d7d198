using SaePlatform.Tensors.Autograd;

namespace SaePlatform.Tensors;

public static partial class Ops
{
    // Minimal same-shape Mul so the test harness compiles; the element-wise family replaces this file.
    /// <summary>Element-wise product of two tensors of the same shape.</summary>
    public static Tensor Mul(Tensor a, Tensor b)
    {
        Require(a.Length == b.Length, "Mul", $"shapes {a.ShapeString} and {b.ShapeString} differ");
        var y = Tensor.Empty(a.Shape.ToArray());
        var A = a.Span; var Bs = b.Span; var Y = y.Span;
        for (int i = 0; i < Y.Length; i++) Y[i] = A[i] * Bs[i];
        return GradNode.Record(y, "Mul", (g, ctx) =>
        {
            var G = g.Span;
            for (int k = 0; k < 2; k++)
            {
                if (!ctx.Needs(k)) continue;
                var gb = ctx.Grad(k);
                var other = (k == 0 ? b : a).Span;
                var D = gb.Tensor.Span;
                for (int i = 0; i < D.Length; i++) D[i] = (gb.Accumulate ? D[i] : 0) + G[i] * other[i];
            }
        }, a, b);
    }
}
