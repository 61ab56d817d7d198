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
    /// <param name="center">
    /// Optional [k] vector subtracted from every input row first: (x - center) op(W) + bias, the SAE's
    /// b_dec centring. Its gradient is -(column sums of g) op(W)^T, a matrix-vector product, so when x itself
    /// needs no gradient the [batch, k] input-gradient GEMM that Sub + Linear would run is skipped.
    /// </param>
    /// <exception cref="ArgumentException">Shapes do not match.</exception>
    public static Tensor Linear(Tensor x, Tensor weight, Tensor? bias = null, bool transposeWeight = false, Tensor? center = null)
    {
        var input = CentredInput(x, center, "Linear");
        var y = LinearForward(input, weight, bias, transposeWeight, "Linear");
        if (!NeedsRecording(x, weight, bias, center)) return y;
        return GradNode.Record(y, "Linear",
            (g, ctx) => LinearBackward(g, ctx, input, weight, transposeWeight, bias is not null, center is not null, null),
            LinearInputs(x, weight, bias, center));
    }

    /// <summary>
    /// ReLU(x @ W + bias): the GEMM, then one in-place pass that adds the bias and applies the ReLU. The backward masks the output
    /// gradient by output &gt; 0 and sums the bias gradient in the same pass, then runs the two GEMMs.
    /// </summary>
    /// <param name="x">Input [batch, k].</param>
    /// <param name="weight">[k, n], or [n, k] when <paramref name="transposeWeight"/>.</param>
    /// <param name="bias">[n] or [1, n]; null for none.</param>
    /// <param name="transposeWeight">Use W^T.</param>
    /// <param name="center">Optional [k] vector subtracted from every input row first (see <see cref="Linear"/>).</param>
    /// <exception cref="ArgumentException">Shapes do not match.</exception>
    public static Tensor LinearRelu(Tensor x, Tensor weight, Tensor? bias = null, bool transposeWeight = false, Tensor? center = null)
    {
        var input = CentredInput(x, center, "LinearRelu");
        // The bias joins the ReLU's pass after a beta-0 GEMM: one read and write of y instead of a bias fill,
        // a GEMM that reads y back, and a separate ReLU pass.
        var y = LinearForward(input, weight, null, transposeWeight, "LinearRelu");
        RequireRowBias(bias, y, "LinearRelu");
        B.BiasReluInPlace(y, bias); // nothing needs the count of positive entries here
        return RecordLinearRelu(y, x, input, weight, bias, transposeWeight, center);
    }

    /// <summary>
    /// ReLU(input op(W) + bias) by a beta-0 GEMM and one bias-and-ReLU pass, which also counts the positive entries
    /// (per row into <paramref name="rowCounts"/> when given).
    /// </summary>
    private static Tensor LinearReluForward(Tensor input, Tensor weight, Tensor? bias, bool transposeWeight, string op, Tensor? rowCounts, out long positive)
    {
        var y = LinearForward(input, weight, null, transposeWeight, op);
        RequireRowBias(bias, y, op);
        positive = B.BiasRelu(y, bias, rowCounts);
        return y;
    }

    private static void RequireRowBias(Tensor? bias, Tensor y, string op) =>
        Require(bias is null || (bias.Length == y.Cols && bias.Rows == 1), op, $"bias {bias?.ShapeString} must be [{y.Cols}] or [1, {y.Cols}]");

    /// <summary>
    /// Records LinearRelu's backward for y = ReLU((x - center) op(W) + bias), with input = x - center. With a
    /// <paramref name="penalty"/>, the gradient a weighted penalty on y left behind joins the masking pass.
    /// </summary>
    private static Tensor RecordLinearRelu(Tensor y, Tensor x, Tensor input, Tensor weight, Tensor? bias, bool transposeWeight, Tensor? center,
        DeferredPenalty? penalty = null)
    {
        if (!NeedsRecording(x, weight, bias, center)) return y;
        return GradNode.Record(y, "LinearRelu", (g, ctx) =>
        {
            // g is null only when the penalty's gradient is all y received. Otherwise it is consumed only by this
            // node and freed right after it (Backward.Run), so the masked pre-activation gradient overwrites it
            // instead of taking another [batch, n] buffer.
            bool addPenalty = penalty is { Scale: not 0f };
            if (g is null && !addPenalty) return;
            var masked = g ?? Tensor.Empty(y.Rows, y.Cols);
            // The column sums of the masked gradient come out of the same pass; LinearBackward gives them to the bias
            // and the centre.
            Tensor? columnSums = null;
            bool needBias = bias is not null && ctx.Needs(2), needCenter = center is not null && ctx.Needs(bias is null ? 2 : 3);
            if (needBias || needCenter) columnSums = Tensor.Empty(y.Cols);
            if (addPenalty) B.ReluBackward(g, y, penalty!.Weights, penalty.Scale, masked, columnSums, 0f);
            else B.ReluBackward(masked, y, masked, columnSums, 0f);
            LinearBackward(masked, ctx, input, weight, transposeWeight, bias is not null, center is not null, columnSums);
            if (g is null) masked.Dispose();
        }, LinearInputs(x, weight, bias, center));
    }

    /// <summary>
    /// The output gradient of a penalty sum_j Weights[j] * y[i, j] (times <see cref="Scale"/>), left by the
    /// penalty's backward for y's own LinearRelu node to add inside its masking pass.
    /// </summary>
    private sealed class DeferredPenalty(Tensor weights)
    {
        public Tensor Weights { get; } = weights;

        public float Scale { get; set; }
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

    /// <summary>x - center (a new tensor), or x itself when there is no centre.</summary>
    private static Tensor CentredInput(Tensor x, Tensor? center, string op)
    {
        if (center is null) return x;
        Require(x.Rank == 2 && center.Length == x.Cols && center.Rows == 1, op, $"center {center.ShapeString} must be [{x.Cols}] for input {x.ShapeString}");
        var centred = Tensor.Empty(x.Rows, x.Cols);
        B.Binary(BinaryOp.Sub, x, center, centred);
        return centred;
    }

    /// <summary>
    /// Gradients of y = (x - center) op(W) + bias given the pre-activation gradient g; <paramref name="columnSums"/> are g's
    /// column sums when the caller already has them (else summed here when the bias or the centre needs them).
    /// </summary>
    private static void LinearBackward(Tensor g, BackwardContext ctx, Tensor input, Tensor w, bool transposeWeight,
        bool hasBias, bool hasCenter, Tensor? columnSums)
    {
        if (ctx.Needs(0))
        {
            var gx = ctx.Grad(0);
            B.Gemm(false, !transposeWeight, 1f, g, w, gx.Beta, gx.Tensor);
        }
        if (ctx.Needs(1))
        {
            var gw = ctx.Grad(1);
            if (transposeWeight) B.Gemm(true, false, 1f, g, input, gw.Beta, gw.Tensor); // W [n, k]: dW = g^T x
            else B.Gemm(true, false, 1f, input, g, gw.Beta, gw.Tensor);                 // W [k, n]: dW = x^T g
        }
        bool needBias = hasBias && ctx.Needs(2);
        int centerIndex = hasBias ? 3 : 2;
        bool needCenter = hasCenter && ctx.Needs(centerIndex);
        if (columnSums is null && (needBias || needCenter))
        {
            columnSums = Tensor.Empty(g.Cols);
            B.ReduceSum(g, 1f, 0f, columnSums);
        }
        if (needBias)
        {
            var gb = ctx.Grad(2);
            if (gb.Accumulate) B.Binary(BinaryOp.Add, gb.Tensor, columnSums!, gb.Tensor);
            else gb.Tensor.CopyFrom(columnSums!);
        }
        if (needCenter)
        {
            // d center = -sum_rows(dX) = -(sum_rows g) op(W)^T: one [1, n] x [n, k] product.
            var gc = ctx.Grad(centerIndex);
            var sums = columnSums!.ViewAs([1, columnSums.Length]);
            var target = gc.Tensor.ViewAs([1, gc.Tensor.Length]);
            B.Gemm(false, !transposeWeight, -1f, sums, w, gc.Beta, target);
        }
    }

    private static bool NeedsRecording(Tensor x, Tensor w, Tensor? bias, Tensor? center) =>
        GradMode.IsEnabled && (x.RequiresGrad || w.RequiresGrad || bias?.RequiresGrad == true || center?.RequiresGrad == true);

    private static Tensor[] LinearInputs(Tensor x, Tensor w, Tensor? bias, Tensor? center) => (bias, center) switch
    {
        (null, null) => [x, w],
        (not null, null) => [x, w, bias],
        (null, not null) => [x, w, center],
        _ => [x, w, bias!, center!],
    };
}
