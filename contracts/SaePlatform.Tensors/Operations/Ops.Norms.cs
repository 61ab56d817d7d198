using SaePlatform.Tensors.Autograd;

namespace SaePlatform.Tensors;

// Euclidean norms. The gradient x / ||x|| is taken as 0 where the norm is 0 (PyTorch's choice), so a
// dead decoder row or an all-zero input never produces NaN.
public static partial class Ops
{
    /// <summary>L2 norm of each row: [m, n] -> [m] (e.g. ||W_dec,i|| for W_dec [d_sae, d_in]).</summary>
    /// <exception cref="ArgumentException">x is not 2-D.</exception>
    public static Tensor RowNorms(Tensor x)
    {
        Require(x.Rank == 2, "RowNorms", $"needs a 2-D tensor, got {x.ShapeString}");
        int rows = x.Rows;
        return Norm(x, Tensor.Empty(rows), t => t.ViewAs([rows, 1]), "RowNorms");
    }

    /// <summary>L2 norm of each column: [m, n] -> [n] (e.g. ||W_enc[:, i]|| for W_enc [d_in, d_sae]).</summary>
    /// <exception cref="ArgumentException">x is not 2-D.</exception>
    public static Tensor ColumnNorms(Tensor x)
    {
        Require(x.Rank == 2, "ColumnNorms", $"needs a 2-D tensor, got {x.ShapeString}");
        return Norm(x, Tensor.Empty(x.Cols), t => t, "ColumnNorms");
    }

    /// <summary>L2 (Frobenius) norm of all elements, as a scalar.</summary>
    public static Tensor Norm(Tensor x) => Norm(x, Tensor.Empty(), t => t, "Norm");

    private static Tensor Norm(Tensor x, Tensor y, Func<Tensor, Tensor> asTarget, string name)
    {
        var target = asTarget(y);
        B.L2Norm(x, target);
        if (!GradNode.NeedsRecording(x)) return y;
        return GradNode.Record(y, name, (g, ctx) =>
        {
            var gb = ctx.Grad(0);
            B.L2NormGrad(x, target, asTarget(g), gb.Beta, gb.Tensor);
        }, x);
    }
}
