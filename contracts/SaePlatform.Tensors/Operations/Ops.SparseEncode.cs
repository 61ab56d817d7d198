using SaePlatform.Tensors.Autograd;
using SaePlatform.Tensors.Backends;
using SaePlatform.Tensors.Sparse;

namespace SaePlatform.Tensors;

// Fused TopK / BatchTopK encoders: one dense GEMM for h = x W_enc + b_enc, a selection, and a backward
// that only touches the selected entries (the dense [rows, d_sae] gradient of h is never formed).
public static partial class Ops
{
    /// <summary>
    /// TopK encoder: <c>h = x @ wEnc + bEnc</c>, keep the <paramref name="k"/> largest entries of each row,
    /// ReLU them (see <see cref="TopK"/> for ties and storage). With <paramref name="decoderNorms"/>, the
    /// selection ranks <c>h_j * ||W_dec,j||</c> (SAELens's rescale-by-decoder-norm option) while the
    /// returned values are ReLU(h) at the selected positions; the norms get no gradient.
    /// Backward: with dh the k entries per row, dW_enc = x^T dh, db_enc = column sums of dh and
    /// dx = dh @ W_enc^T, each computed from the sparse entries.
    /// </summary>
    /// <param name="x">Inputs [rows, d_in] (already centred when b_dec is applied to the input).</param>
    /// <param name="wEnc">Encoder [d_in, d_sae].</param>
    /// <param name="bEnc">Encoder bias [d_sae].</param>
    /// <param name="k">Entries kept per row, 0 to d_sae.</param>
    /// <param name="decoderNorms">Optional per-feature scale [d_sae] used for the selection only.</param>
    /// <exception cref="ArgumentException">Shapes disagree or k is out of range.</exception>
    public static SparseRows TopKEncode(Tensor x, Tensor wEnc, Tensor bEnc, int k, Tensor? decoderNorms = null)
    {
        using var h = EncodePreActivations(x, wEnc, bEnc, decoderNorms, "TopKEncode");
        Require(k >= 0 && k <= h.Cols, "TopKEncode", $"k = {k} is outside [0, {h.Cols}]");
        var indices = NewIndices(h.Rows, k);
        B.TopKSelect(h, k, decoderNorms, null, indices);
        return GatherEncoded(h, UniformOffsets(h.Rows, k), indices, relu: true, x, wEnc, bEnc, "TopKEncode");
    }

    /// <summary>
    /// <see cref="TopKEncode(Tensor, Tensor, Tensor, int, Tensor?)"/> that also selects, from the same h,
    /// the AuxK activations of the TopK auxiliary loss (Gao et al. 2024): per row the top
    /// min(<paramref name="auxK"/>, allowed count) entries among <paramref name="auxFeatures"/> (the dead
    /// features), ranked by raw h and returned without ReLU (the paper's form; SAELens ranks by h x ||W_dec,i||
    /// under its rescale option, which the overload with <c>rankAuxByDecoderNorms</c> does).
    /// Both results carry sparse gradients to x, W_enc and b_enc.
    /// </summary>
    /// <param name="x">Inputs [rows, d_in].</param>
    /// <param name="wEnc">Encoder [d_in, d_sae].</param>
    /// <param name="bEnc">Encoder bias [d_sae].</param>
    /// <param name="k">Entries kept per row, 0 to d_sae.</param>
    /// <param name="decoderNorms">Optional per-feature scale [d_sae] for the main selection only.</param>
    /// <param name="auxFeatures">One flag per feature: may the auxiliary selection use it.</param>
    /// <param name="auxK">Auxiliary entries per row before clamping, at least 0.</param>
    /// <param name="aux">The auxiliary activations.</param>
    /// <exception cref="ArgumentException">Shapes disagree or k / auxK is out of range.</exception>
    public static SparseRows TopKEncode(Tensor x, Tensor wEnc, Tensor bEnc, int k, Tensor? decoderNorms,
        ReadOnlySpan<bool> auxFeatures, int auxK, out SparseRows aux) =>
        TopKEncode(x, wEnc, bEnc, k, decoderNorms, auxFeatures, auxK, rankAuxByDecoderNorms: false, out aux);

    /// <summary>
    /// <see cref="TopKEncode(Tensor, Tensor, Tensor, int, Tensor?, ReadOnlySpan{bool}, int, out SparseRows)"/> with
    /// a choice of ranking for the auxiliary selection: with <paramref name="rankAuxByDecoderNorms"/> (and
    /// <paramref name="decoderNorms"/> given) the dead features are ranked by h x ||W_dec,i||, as SAELens ranks them
    /// when <c>rescale_acts_by_decoder_norm</c> is on; the returned values are h either way.
    /// </summary>
    /// <param name="x">Inputs [rows, d_in].</param>
    /// <param name="wEnc">Encoder [d_in, d_sae].</param>
    /// <param name="bEnc">Encoder bias [d_sae].</param>
    /// <param name="k">Entries kept per row, 0 to d_sae.</param>
    /// <param name="decoderNorms">Optional per-feature scale [d_sae] for the main selection (and the auxiliary one when asked).</param>
    /// <param name="auxFeatures">One flag per feature: may the auxiliary selection use it.</param>
    /// <param name="auxK">Auxiliary entries per row before clamping, at least 0.</param>
    /// <param name="rankAuxByDecoderNorms">Rank the auxiliary candidates by h x decoderNorms instead of h.</param>
    /// <param name="aux">The auxiliary activations.</param>
    /// <exception cref="ArgumentException">Shapes disagree or k / auxK is out of range.</exception>
    public static SparseRows TopKEncode(Tensor x, Tensor wEnc, Tensor bEnc, int k, Tensor? decoderNorms,
        ReadOnlySpan<bool> auxFeatures, int auxK, bool rankAuxByDecoderNorms, out SparseRows aux)
    {
        Require(auxFeatures.Length == wEnc.Cols, "TopKEncode", $"{auxFeatures.Length} feature flags for {wEnc.Cols} features");
        return TopKEncode(x, wEnc, bEnc, k, decoderNorms, Candidates(auxFeatures), auxK, rankAuxByDecoderNorms, out aux);
    }

    /// <summary>
    /// <see cref="TopKEncode(Tensor, Tensor, Tensor, int, Tensor?, ReadOnlySpan{bool}, int, bool, out SparseRows)"/> with the
    /// auxiliary candidates as indices on the engine's device (ascending, e.g. <c>IDeadFeatures.Indices()</c>), so that no
    /// host data crosses to the device.
    /// </summary>
    /// <param name="x">Inputs [rows, d_in].</param>
    /// <param name="wEnc">Encoder [d_in, d_sae].</param>
    /// <param name="bEnc">Encoder bias [d_sae].</param>
    /// <param name="k">Entries kept per row, 0 to d_sae.</param>
    /// <param name="decoderNorms">Optional per-feature scale [d_sae] for the main selection (and the auxiliary one when asked).</param>
    /// <param name="auxCandidates">The features the auxiliary selection may use, ascending, each below d_sae.</param>
    /// <param name="auxK">Auxiliary entries per row before clamping, at least 0.</param>
    /// <param name="rankAuxByDecoderNorms">Rank the auxiliary candidates by h x decoderNorms instead of h.</param>
    /// <param name="aux">The auxiliary activations.</param>
    /// <exception cref="ArgumentException">Shapes disagree, k / auxK is out of range, or there are more candidates than features.</exception>
    public static SparseRows TopKEncode(Tensor x, Tensor wEnc, Tensor bEnc, int k, Tensor? decoderNorms,
        IndexTensor auxCandidates, int auxK, bool rankAuxByDecoderNorms, out SparseRows aux)
    {
        ArgumentNullException.ThrowIfNull(auxCandidates);
        using var h = EncodePreActivations(x, wEnc, bEnc, decoderNorms, "TopKEncode");
        Require(k >= 0 && k <= h.Cols, "TopKEncode", $"k = {k} is outside [0, {h.Cols}]");
        Require(auxK >= 0, "TopKEncode", $"auxK = {auxK} is negative");
        Require(auxCandidates.Length <= h.Cols, "TopKEncode", $"{auxCandidates.Length} auxiliary candidates for {h.Cols} features");
        var indices = NewIndices(h.Rows, k);
        B.TopKSelect(h, k, decoderNorms, null, indices);
        var main = GatherEncoded(h, UniformOffsets(h.Rows, k), indices, relu: true, x, wEnc, bEnc, "TopKEncode");

        int kept = Math.Min(auxK, auxCandidates.Length);
        var auxIndices = NewIndices(h.Rows, kept);
        B.TopKSelect(h, kept, rankAuxByDecoderNorms ? decoderNorms : null, auxCandidates, auxIndices);
        aux = GatherEncoded(h, UniformOffsets(h.Rows, kept), auxIndices, relu: false, x, wEnc, bEnc, "TopKEncodeAux");
        return main;
    }

    /// <summary>
    /// BatchTopK encoder: <c>h = x @ wEnc + bEnc</c>, then <see cref="BatchTopK(Tensor, int, Tensor?)"/>
    /// (ReLU, the floor(k * rows) largest entries of the batch, explicit zeros filling in when fewer are positive),
    /// with the sparse backward of <see cref="TopKEncode(Tensor, Tensor, Tensor, int, Tensor?)"/>. No decoder-norm
    /// rescaling. Nothing is read back to the host.
    /// </summary>
    /// <param name="x">Inputs [rows, d_in].</param>
    /// <param name="wEnc">Encoder [d_in, d_sae].</param>
    /// <param name="bEnc">Encoder bias [d_sae].</param>
    /// <param name="k">Mean entries kept per row, at least 0.</param>
    /// <param name="smallestKept">A [1] tensor that receives the smallest kept positive activation (threshold EMA),
    /// NaN when none is positive, where the tensors live; or null.</param>
    /// <exception cref="ArgumentException">Shapes disagree or k is negative.</exception>
    public static SparseRows BatchTopKEncode(Tensor x, Tensor wEnc, Tensor bEnc, int k, Tensor? smallestKept)
    {
        using var h = EncodePreActivations(x, wEnc, bEnc, null, "BatchTopKEncode");
        var (offsets, indices) = BatchTopKSelection(h, k, smallestKept, "BatchTopKEncode");
        return GatherEncoded(h, offsets, indices, relu: true, x, wEnc, bEnc, "BatchTopKEncode");
    }

    /// <inheritdoc cref="BatchTopKEncode(Tensor, Tensor, Tensor, int, Tensor?)"/>
    /// <param name="x">Inputs [rows, d_in].</param>
    /// <param name="wEnc">Encoder [d_in, d_sae].</param>
    /// <param name="bEnc">Encoder bias [d_sae].</param>
    /// <param name="k">Mean entries kept per row, at least 0.</param>
    /// <param name="minKept">Smallest kept positive activation, NaN when none is positive: read back to the host (one
    /// small read on a device).</param>
    public static SparseRows BatchTopKEncode(Tensor x, Tensor wEnc, Tensor bEnc, int k, out float minKept)
    {
        using var smallest = Tensor.Empty(1);
        var codes = BatchTopKEncode(x, wEnc, bEnc, k, smallest);
        minKept = smallest.ToScalar();
        return codes;
    }

    /// <summary>h = x @ wEnc + bEnc: rows start at the bias, then one GEMM with beta 1. Not recorded.</summary>
    private static Tensor EncodePreActivations(Tensor x, Tensor wEnc, Tensor bEnc, Tensor? decoderNorms, string op)
    {
        Require(x.Rank == 2 && wEnc.Rank == 2 && x.Cols == wEnc.Rows, op, $"x {x.ShapeString} and W_enc {wEnc.ShapeString} do not chain");
        Require(bEnc.Rank == 1 && bEnc.Length == wEnc.Cols, op, $"b_enc {bEnc.ShapeString} does not match d_sae = {wEnc.Cols}");
        Require(decoderNorms is null || decoderNorms.Length == wEnc.Cols, op, $"decoder norms {decoderNorms?.ShapeString} do not match d_sae = {wEnc.Cols}");
        var h = Tensor.Empty(x.Rows, wEnc.Cols);
        // Start every row at b_enc (a plain copy: a rank-1 GEMM with K = 1 costs twice as much), then accumulate x W_enc.
        B.Expand(bEnc, 1f, 0f, h);
        B.Gemm(false, false, 1f, x, wEnc, 1f, h);
        return h;
    }

    /// <summary>Gathers the selected entries of h and records the sparse encoder backward.</summary>
    private static SparseRows GatherEncoded(Tensor h, IndexTensor offsets, IndexTensor indices, bool relu, Tensor x, Tensor wEnc, Tensor bEnc, string op)
    {
        var values = Tensor.Empty(indices.Length);
        var codes = new SparseRows(h.Rows, h.Cols, offsets, indices, values);
        B.SparseGather(h, codes, relu, values);
        if (!GradNode.NeedsRecording(x, wEnc) && !GradNode.NeedsRecording(bEnc)) return codes;
        GradNode.Record(values, op, (g, ctx) =>
        {
            Tensor? masked = null;
            if (relu)
            {
                masked = Tensor.Empty(values.Length);
                B.SparseReluGrad(g, values, masked);
            }
            SparseEncoderBackward(masked ?? g, ctx, codes, x, wEnc, hasBias: true, hasCenter: false);
            masked?.Dispose();
        }, x, wEnc, bEnc);
        return codes;
    }

    /// <summary>
    /// The sparse encoder backward shared by <see cref="ReluEncode(Tensor, Tensor, Tensor?, Tensor?, double, Tensor?)"/> and the TopK / BatchTopK encoders: given dh at
    /// the stored entries (already masked by the caller where needed), dW = x_c^T dh, dbias = column sums of dh and
    /// d(x - center) = dh W^T, each from the stored entries only. Inputs are ordered x, W, bias?, center?.
    /// </summary>
    private static void SparseEncoderBackward(Tensor dh, BackwardContext ctx, SparseRows codes, Tensor input, Tensor wEnc, bool hasBias, bool hasCenter)
    {
        if (ctx.Needs(1))
        {
            var gw = ctx.Grad(1);
            B.SparseTransposeMatMul(codes, dh, input, transposeResult: true, gw.Beta, gw.Tensor);
        }
        if (hasBias && ctx.Needs(2))
        {
            var gb = ctx.Grad(2);
            B.SparseColumnSums(codes, dh, gb.Beta, gb.Tensor);
        }
        int centerIndex = hasBias ? 3 : 2;
        bool needX = ctx.Needs(0), needCenter = hasCenter && ctx.Needs(centerIndex);
        if (needX && !needCenter)
        {
            var gx = ctx.Grad(0);
            B.SparseMatMul(codes, dh, wEnc, transposeW: true, null, gx.Beta, gx.Tensor);
            return;
        }
        if (!needCenter) return;
        // d(x - center) = dh W^T, a [rows, d_in] product over the stored entries only, feeds both x and the centre.
        using var dInput = Tensor.Empty(input.Rows, input.Cols);
        B.SparseMatMul(codes, dh, wEnc, transposeW: true, null, 0f, dInput);
        if (needX)
        {
            var gx = ctx.Grad(0);
            if (gx.Accumulate) B.Binary(BinaryOp.Add, gx.Tensor, dInput, gx.Tensor);
            else gx.Tensor.CopyFrom(dInput);
        }
        var gc = ctx.Grad(centerIndex);
        B.ReduceSum(dInput, -1f, gc.Beta, gc.Tensor);
    }
}
