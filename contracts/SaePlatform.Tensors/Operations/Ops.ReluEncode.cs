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
    public static ReluCodes ReluEncode(Tensor x, Tensor wEnc, Tensor? bias, Tensor? center, double sparseBelow)
    {
        const string op = "ReluEncode";
        Require(sparseBelow is >= 0 and <= 1, op, $"sparseBelow = {sparseBelow} is outside [0, 1]");
        var input = CentredInput(x, center, op);
        var rowCounts = new int[x.Rows];
        var y = LinearReluForward(input, wEnc, bias, false, op, rowCounts, out long positive);
        double density = y.Length == 0 ? 0 : (double)positive / y.Length;
        if (sparseBelow <= 0 || density > sparseBelow)
            return new ReluCodes(RecordLinearRelu(y, x, input, wEnc, bias, false, center), null) { Density = density };

        B.SelectPositive(y, rowCounts, out var offsets, out var indices);
        var values = Tensor.Empty(offsets[y.Rows]);
        var codes = new SparseRows(y.Rows, y.Cols, offsets, indices, values);
        B.SparseGather(y, codes, relu: false, values);
        y.Dispose();
        if (NeedsRecording(x, wEnc, bias, center))
            GradNode.Record(values, op, (g, ctx) => SparseEncoderBackward(g, ctx, codes, input, wEnc, bias is not null, center is not null),
                LinearInputs(x, wEnc, bias, center));
        return new ReluCodes(null, codes) { Density = density };
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
        var indices = codes.Indices.Length == codes.NonZeros ? codes.Indices : codes.Indices[..codes.NonZeros];
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
