using SaePlatform.Tensors.Autograd;
using SaePlatform.Tensors.Backends;

namespace SaePlatform.Tensors;

// Fused operations of the SAE hot path. Each does the work of a small chain of ops with fewer passes
// over [batch, width] memory and fewer temporaries.
public static partial class Ops
{
    /// <summary>
    /// x @ W + bias (or x @ W^T + bias with <paramref name="transposeWeight"/>), bias [n] added to every row.
    /// The output is pre-filled with the bias and the GEMM accumulates into it (beta 1), so the bias costs
    /// no extra pass. Gradients: dX = g W^T, dW = x^T g (GEMMs), dBias = column sums of g.
    /// </summary>
    /// <param name="x">Input [batch, k].</param>
    /// <param name="weight">[k, n], or [n, k] when <paramref name="transposeWeight"/>.</param>
    /// <param name="bias">[n] or [1, n]; null for none.</param>
    /// <param name="transposeWeight">Use W^T (e.g. a decoder stored [d_sae, d_in] applied as an encoder).</param>
    /// <exception cref="ArgumentException">Shapes do not match.</exception>
    public static Tensor Linear(Tensor x, Tensor weight, Tensor? bias = null, bool transposeWeight = false)
    {
        var y = LinearForward(x, weight, bias, transposeWeight, "Linear");
        if (!NeedsRecording(x, weight, bias)) return y;
        return GradNode.Record(y, "Linear",
            (g, ctx) => LinearBackward(g, ctx, x, weight, transposeWeight, bias is not null, biasDone: false),
            LinearInputs(x, weight, bias));
    }

    /// <summary>
    /// ReLU(x @ W + bias): <see cref="Linear"/> followed by an in-place ReLU. The backward masks the output
    /// gradient by output &gt; 0 and sums the bias gradient in the same pass, then runs the two GEMMs.
    /// </summary>
    /// <param name="x">Input [batch, k].</param>
    /// <param name="weight">[k, n], or [n, k] when <paramref name="transposeWeight"/>.</param>
    /// <param name="bias">[n] or [1, n]; null for none.</param>
    /// <param name="transposeWeight">Use W^T.</param>
    /// <exception cref="ArgumentException">Shapes do not match.</exception>
    public static Tensor LinearRelu(Tensor x, Tensor weight, Tensor? bias = null, bool transposeWeight = false)
    {
        var y = LinearForward(x, weight, bias, transposeWeight, "LinearRelu");
        B.Unary(UnaryOp.Relu, y, 0f, 0f, y);
        if (!NeedsRecording(x, weight, bias)) return y;
        return GradNode.Record(y, "LinearRelu", (g, ctx) =>
        {
            // The output gradient g is consumed only by this node and freed right after it (Backward.Run),
            // so the masked pre-activation gradient overwrites it instead of taking another [batch, n] buffer.
            if (bias is not null && ctx.Needs(2))
            {
                var gb = ctx.Grad(2);
                B.ReluBackward(g, y, g, gb.Tensor, gb.Beta);
            }
            else
            {
                B.ReluBackward(g, y, g, null, 0f);
            }
            LinearBackward(g, ctx, x, weight, transposeWeight, bias is not null, biasDone: true);
        }, LinearInputs(x, weight, bias));
    }

    /// <summary>sum((a - b)^2) over all elements, as a scalar; one pass forward, one backward.</summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public static Tensor SquaredErrorSum(Tensor a, Tensor b) => SquaredError(a, b, 1f, "SquaredErrorSum");

    /// <summary>
    /// Reconstruction loss as SAE_REFERENCE.md defines "MSE": squared error summed over columns and
    /// averaged over rows, sum((xhat - x)^2) / rows (a 1-D input counts as one row).
    /// </summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public static Tensor MseLoss(Tensor xhat, Tensor x) => SquaredError(xhat, x, 1f / Math.Max(1, xhat.Rows), "MseLoss");

    private static Tensor SquaredError(Tensor a, Tensor b, float alpha, string name)
    {
        Require(a.Shape.SequenceEqual(b.Shape), name, $"shapes {a.ShapeString} and {b.ShapeString} differ");
        var y = Tensor.Empty();
        B.SquaredErrorSum(a, b, alpha, y);
        if (!GradNode.NeedsRecording(a, b)) return y;
        return GradNode.Record(y, name, (g, ctx) =>
        {
            GradBuffer? ga = ctx.Needs(0) ? ctx.Grad(0) : null;
            GradBuffer? gb = ctx.Needs(1) ? ctx.Grad(1) : null;
            B.SquaredErrorGrad(a, b, g, alpha, ga?.Tensor, ga?.Beta ?? 0f, gb?.Tensor, gb?.Beta ?? 0f);
        }, a, b);
    }

    private static Tensor LinearForward(Tensor x, Tensor w, Tensor? bias, bool transposeWeight, string op)
    {
        Require(x.Rank == 2 && w.Rank == 2, op, $"needs 2-D input and weight, got {x.ShapeString} and {w.ShapeString}");
        int k = transposeWeight ? w.Cols : w.Rows, n = transposeWeight ? w.Rows : w.Cols;
        Require(x.Cols == k, op, $"input {x.ShapeString} does not match weight {w.ShapeString}{(transposeWeight ? "^T" : "")}");
        var y = Tensor.Empty(x.Rows, n);
        if (bias is null)
        {
            B.Gemm(false, transposeWeight, 1f, x, w, 0f, y);
            return y;
        }
        Require(bias.Length == n && bias.Rows == 1, op, $"bias {bias.ShapeString} must be [{n}] or [1, {n}]");
        B.Expand(bias, 1f, 0f, y);
        B.Gemm(false, transposeWeight, 1f, x, w, 1f, y);
        return y;
    }

    /// <summary>Gradients of y = x op(W) + bias given the pre-activation gradient g.</summary>
    private static void LinearBackward(Tensor g, BackwardContext ctx, Tensor x, Tensor w, bool transposeWeight, bool hasBias, bool biasDone)
    {
        if (ctx.Needs(0))
        {
            var gx = ctx.Grad(0);
            B.Gemm(false, !transposeWeight, 1f, g, w, gx.Beta, gx.Tensor);
        }
        if (ctx.Needs(1))
        {
            var gw = ctx.Grad(1);
            if (transposeWeight) B.Gemm(true, false, 1f, g, x, gw.Beta, gw.Tensor); // W [n, k]: dW = g^T x
            else B.Gemm(true, false, 1f, x, g, gw.Beta, gw.Tensor);                 // W [k, n]: dW = x^T g
        }
        if (hasBias && !biasDone && ctx.Needs(2))
        {
            var gb = ctx.Grad(2);
            B.ReduceSum(g, 1f, gb.Beta, gb.Tensor);
        }
    }

    private static bool NeedsRecording(Tensor x, Tensor w, Tensor? bias) =>
        GradMode.IsEnabled && (x.RequiresGrad || w.RequiresGrad || bias?.RequiresGrad == true);

    private static Tensor[] LinearInputs(Tensor x, Tensor w, Tensor? bias) => bias is null ? [x, w] : [x, w, bias];
}
