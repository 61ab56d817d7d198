using SaePlatform.Tensors.Autograd;

namespace SaePlatform.Tensors;

public static partial class Ops
{
    /// <summary>
    /// Matrix product op(a) @ op(b) of 2-D tensors, with optional transposes (no copies are made).
    /// </summary>
    /// <exception cref="ArgumentException">Ranks or inner dimensions do not match.</exception>
    public static Tensor MatMul(Tensor a, Tensor b, bool transposeA = false, bool transposeB = false)
    {
        Require(a.Rank == 2 && b.Rank == 2, "MatMul", $"needs 2-D tensors, got {a.ShapeString} and {b.ShapeString}");
        int m = transposeA ? a.Cols : a.Rows, k = transposeA ? a.Rows : a.Cols;
        int kb = transposeB ? b.Cols : b.Rows, n = transposeB ? b.Rows : b.Cols;
        Require(k == kb, "MatMul", $"inner dimensions differ: {a.ShapeString}{(transposeA ? "^T" : "")} @ {b.ShapeString}{(transposeB ? "^T" : "")}");
        var c = Tensor.Empty(m, n);
        B.Gemm(transposeA, transposeB, 1f, a, b, 0f, c);
        if (!GradNode.NeedsRecording(a, b)) return c;
        return GradNode.Record(c, "MatMul", (g, ctx) =>
        {
            // C = A B: dA = dC B^T, dB = A^T dC, with the transposes folded into the GEMM flags.
            if (ctx.Needs(0))
            {
                var ga = ctx.Grad(0);
                if (transposeA) B.Gemm(transposeB, true, 1f, b, g, ga.Beta, ga.Tensor);
                else B.Gemm(false, !transposeB, 1f, g, b, ga.Beta, ga.Tensor);
            }
            if (ctx.Needs(1))
            {
                var gb = ctx.Grad(1);
                if (transposeB) B.Gemm(true, transposeA, 1f, g, a, gb.Beta, gb.Tensor);
                else B.Gemm(!transposeA, false, 1f, a, g, gb.Beta, gb.Tensor);
            }
        }, a, b);
    }
}
