using SaePlatform.Tensors.Autograd;
using SaePlatform.Tensors.Backends;
using SaePlatform.Tensors.Sparse;

namespace SaePlatform.Tensors;

// A ReLU encoder that turns sparse when the codes are: trained SAEs fire a few features per row (L0 of tens out
// of thousands), and then the decoder and the encoder's backward can skip every zero, as the TopK encoder does.
public static partial class Ops
{
    /// <summary>
    /// <c>ReLU((x - center) W + bias)</c>, computed once densely; then, when at most <paramref name="sparseBelow"/>
    /// of its entries are positive, returned as CSR rows of the positive entries, whose backward touches only
    /// those entries (the backward of <see cref="TopKEncode(Tensor, Tensor, Tensor, int, Tensor?)"/>, plus the
    /// centre's gradient); otherwise returned dense
    /// with <see cref="LinearRelu"/>'s backward. Values and gradients are the same either way up to float32
    /// summation order. Use <see cref="SparseDecode"/> on sparse codes.
    /// </summary>
    /// <param name="x">Inputs [rows, d_in].</param>
    /// <param name="wEnc">Encoder [d_in, d_sae].</param>
    /// <param name="bias">Encoder bias [d_sae], or null.</param>
    /// <param name="center">Optional [d_in] vector subtracted from every input row first (the SAE's b_dec).</param>
    /// <param name="sparseBelow">
    /// Largest fraction of positive entries for which the sparse form is chosen: 0 never, 1 always. Sparse kernels
    /// run at a fraction of dense GEMM speed, so they win only when few features fire (a few per cent).
    /// </param>
    /// <exception cref="ArgumentException">Shapes do not match or <paramref name="sparseBelow"/> is outside [0, 1].</exception>
    public static ReluCodes ReluEncode(Tensor x, Tensor wEnc, Tensor? bias, Tensor? center, double sparseBelow) =>
        ReluEncode(x, wEnc, bias, center, sparseBelow, null);

    /// <summary>
    /// <see cref="ReluEncode(Tensor, Tensor, Tensor?, Tensor?, double)"/> that also returns the weighted L1 penalty of
    /// the codes, <c>mean_rows sum_j code[i, j] * penaltyWeights[j]</c> (SAE_REFERENCE.md's sparsity term when the
    /// weights are the decoder row norms ||W_dec,j||), as <see cref="ReluCodes.Penalty"/>. On dense codes its
    /// gradient joins the encoder's own masking pass, where a separate penalty op would add a pass over the
    /// [rows, d_sae] gradient forward and two backward; its gradient to the weights is the codes' column means.
    /// </summary>
    /// <param name="x">Inputs [rows, d_in].</param>
    /// <param name="wEnc">Encoder [d_in, d_sae].</param>
    /// <param name="bias">Encoder bias [d_sae], or null.</param>
    /// <param name="center">Optional [d_in] vector subtracted from every input row first (the SAE's b_dec).</param>
    /// <param name="sparseBelow">Largest fraction of positive entries for which the sparse form is chosen: 0 never, 1 always.</param>
    /// <param name="penaltyWeights">Per-feature weights [d_sae] (they may require gradients), or null for no penalty.</param>
    /// <exception cref="ArgumentException">Shapes do not match or <paramref name="sparseBelow"/> is outside [0, 1].</exception>
    public static ReluCodes ReluEncode(Tensor x, Tensor wEnc, Tensor? bias, Tensor? center, double sparseBelow, Tensor? penaltyWeights)
    {
        const string op = "ReluEncode";
        Require(sparseBelow is >= 0 and <= 1, op, $"sparseBelow = {sparseBelow} is outside [0, 1]");
        var input = CentredInput(x, center, op);
        if (B.PrefersDenseCodes)
        {
            // A device that keeps codes dense: no count of positive entries, so no read back to the host (Density NaN).
            var onDevice = LinearForward(input, wEnc, null, false, op);
            RequireRowBias(bias, onDevice, op);
            RequirePenaltyWeights(penaltyWeights, onDevice, op);
            B.BiasReluInPlace(onDevice, bias);
            return DenseCodes(onDevice, x, input, wEnc, bias, center, penaltyWeights, double.NaN);
        }
        using var rowCounts = Tensor.Empty(x.Rows);
        var y = LinearReluForward(input, wEnc, bias, false, op, rowCounts, out long positive);
        RequirePenaltyWeights(penaltyWeights, y, op);
        double density = y.Length == 0 ? 0 : (double)positive / y.Length;
        if (sparseBelow <= 0 || density > sparseBelow) return DenseCodes(y, x, input, wEnc, bias, center, penaltyWeights, density);

        B.SelectPositive(y, rowCounts, checked((int)positive), out var offsets, out var indices);
        var values = Tensor.Empty(indices.Length);
        var codes = new SparseRows(y.Rows, y.Cols, offsets, indices, values);
        B.SparseGather(y, codes, relu: false, values);
        y.Dispose();
        if (NeedsRecording(x, wEnc, bias, center))
            GradNode.Record(values, op, (g, ctx) => SparseEncoderBackward(g, ctx, codes, input, wEnc, bias is not null, center is not null),
                LinearInputs(x, wEnc, bias, center));
        var penalty = penaltyWeights is null
            ? null
            : MulScalar(Sum(Mul(values, GatherByFeature(penaltyWeights, codes))), 1f / Math.Max(1, codes.Rows));
        return new ReluCodes(null, codes) { Density = density, Penalty = penalty };
    }

    // Dense codes y = ReLU(...) with LinearRelu's backward (and the penalty's gradient merged into its pass).
    private static ReluCodes DenseCodes(Tensor y, Tensor x, Tensor input, Tensor wEnc, Tensor? bias, Tensor? center, Tensor? penaltyWeights, double density)
    {
        var deferred = penaltyWeights is null ? null : new DeferredPenalty(penaltyWeights);
        var dense = RecordLinearRelu(y, x, input, wEnc, bias, false, center, deferred);
        return new ReluCodes(dense, null) { Density = density, Penalty = deferred is null ? null : DensePenalty(dense, deferred) };
    }

    private static void RequirePenaltyWeights(Tensor? penaltyWeights, Tensor y, string op) =>
        Require(penaltyWeights is null || (penaltyWeights.Rows == 1 && penaltyWeights.Length == y.Cols), op,
            $"penalty weights {penaltyWeights?.ShapeString} must be [{y.Cols}]");

    /// <summary>
    /// mean_rows sum_j y[i, j] * w[j] from y's column sums. Its backward hands the output gradient to y's LinearRelu
    /// node (<paramref name="deferred"/>) instead of broadcasting it, and gives w the column means.
    /// </summary>
    private static Tensor DensePenalty(Tensor y, DeferredPenalty deferred)
    {
        var weights = deferred.Weights;
        float inverseRows = 1f / Math.Max(1, y.Rows);
        var columnSums = Tensor.Empty(y.Cols);
        B.ReduceSum(y, 1f, 0f, columnSums);
        var penalty = Tensor.Empty();
        B.Dot(columnSums, weights, inverseRows, penalty);
        if (!GradNode.NeedsRecording(y, weights)) return penalty;
        var yNode = y.Node;
        return GradNode.Record(penalty, "ReluEncodePenalty", (g, ctx) =>
        {
            float scale = g.ToScalar() * inverseRows;
            if (ctx.Needs(0))
            {
                deferred.Scale += scale;
                yNode!.HasDeferredGradient = true;
            }
            if (!ctx.Needs(1)) return;
            var gw = ctx.Grad(1);
            B.Expand(columnSums, scale, gw.Beta, gw.Tensor);
        }, y, weights);
    }

    /// <summary>
    /// A per-feature vector [cols] read at every stored entry's column: entry e gets <c>perFeature[idx(e)]</c>, a
    /// 1-D tensor aligned with <see cref="SparseRows.Values"/> (for per-feature biases, scales and decoder norms
    /// in sparse steps). Gradient: the entries' gradients summed back into their features.
    /// </summary>
    /// <exception cref="ArgumentException">The vector's length is not the codes' column count.</exception>
    public static Tensor GatherByFeature(Tensor perFeature, SparseRows codes)
    {
        Require(perFeature.Length == codes.Cols, "GatherByFeature", $"vector {perFeature.ShapeString} does not match {codes.Cols} features");
        var indices = codes.Indices.Length == codes.NonZeros ? codes.Indices : IndexTensor.FromArray(codes.Indices.ToArray().AsSpan(0, codes.NonZeros));
        return Reshape(GatherRows(Reshape(perFeature, codes.Cols, 1), indices), codes.NonZeros);
    }

    /// <summary>
    /// The dense [rows, cols] matrix of CSR codes (zeros elsewhere), for consumers that need dense features
    /// (e.g. a sparsity penalty). Gradient: the output gradient at the stored entries.
    /// </summary>
    public static Tensor ToDense(SparseRows codes)
    {
        var dense = Tensor.Zeros(codes.Rows, codes.Cols);
        B.SparseScatterAdd(codes, codes.Values, dense);
        if (!GradNode.NeedsRecording(codes.Values)) return dense;
        return GradNode.Record(dense, "ToDense", (g, ctx) =>
        {
            var gv = ctx.Grad(0);
            if (!gv.Accumulate)
            {
                B.SparseGather(g, codes, relu: false, gv.Tensor);
                return;
            }
            using var gathered = Tensor.Empty(codes.NonZeros);
            B.SparseGather(g, codes, relu: false, gathered);
            B.Binary(BinaryOp.Add, gv.Tensor, gathered, gv.Tensor);
        }, codes.Values);
    }
}
