using SaePlatform.Tensors.Autograd;
using SaePlatform.Tensors.Sparse;

namespace SaePlatform.Tensors;

public static partial class Ops
{
    /// <summary>
    /// Sparse decoder: <c>dense(codes) @ wDec + bias</c> computed from the CSR form (cost proportional to
    /// the stored entries, never a dense [rows, d_sae] matrix). Backward is sparse too: the gradient of
    /// <c>codes.Values</c> is one dot product per stored entry, <paramref name="wDec"/> receives outer
    /// products on the rows of active features only (inactive rows get zero), and the bias the column
    /// sums of the output gradient.
    /// </summary>
    /// <param name="codes">Activations [rows, d_sae]; its Values may carry a gradient.</param>
    /// <param name="wDec">Decoder [d_sae, d_in] (row i is feature i's direction).</param>
    /// <param name="bias">Optional [d_in] added to every row (b_dec).</param>
    /// <returns>[rows, d_in].</returns>
    /// <exception cref="ArgumentException">Shapes disagree.</exception>
    public static Tensor SparseDecode(SparseRows codes, Tensor wDec, Tensor? bias = null)
    {
        Require(wDec.Rank == 2 && wDec.Rows == codes.Cols, "SparseDecode",
            $"decoder {wDec.ShapeString} does not match {codes.Cols} features");
        Require(bias is null || (bias.Rank == 1 && bias.Length == wDec.Cols), "SparseDecode",
            $"bias {bias?.ShapeString} does not match d_in = {wDec.Cols}");
        var values = codes.Values;
        var y = Tensor.Empty(codes.Rows, wDec.Cols);
        B.SparseMatMul(codes, values, wDec, transposeW: false, bias, 0f, y);
        bool wantBias = bias is not null && GradNode.NeedsRecording(bias);
        if (!GradNode.NeedsRecording(values, wDec) && !wantBias) return y;
        BackwardFunction backward = (g, ctx) =>
        {
            if (ctx.Needs(0))
            {
                var gv = ctx.Grad(0);
                B.SparseRowDots(codes, g, wDec, gv.Beta, gv.Tensor);
            }
            if (ctx.Needs(1))
            {
                var gw = ctx.Grad(1);
                B.SparseTransposeMatMul(codes, values, g, transposeResult: false, gw.Beta, gw.Tensor);
            }
            if (bias is not null && ctx.Needs(2))
            {
                var gb = ctx.Grad(2);
                B.ReduceSum(g, 1f, gb.Beta, gb.Tensor);
            }
        };
        return bias is null
            ? GradNode.Record(y, "SparseDecode", backward, values, wDec)
            : GradNode.Record(y, "SparseDecode", backward, values, wDec, bias);
    }
}
