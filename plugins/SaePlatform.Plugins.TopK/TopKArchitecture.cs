using SaePlatform.Contracts.Architectures;
using SaePlatform.Contracts.Components;
using SaePlatform.Tensors;
using SaePlatform.Tensors.Autograd;
using SaePlatform.Tensors.Sparse;

namespace SaePlatform.Plugins.TopK;

/// <summary>
/// TopK SAE (Gao et al. 2024; SAE_REFERENCE.md "topk"): h = (x - b_dec) W_enc + b_enc, keep the k largest
/// entries of each row (ranked by h_i ||W_dec,i|| when rescale_acts_by_decoder_norm), ReLU them;
/// x_hat = f W_dec + b_dec; loss = MSE + alpha * AuxK. The encoder backward and the decoder are sparse
/// (engine's TopKEncode / SparseDecode), and the features go to the runtime in CSR form.
/// </summary>
/// <remarks>
/// With the rescale option, training codes are ReLU(h) at the selected positions; the saved SAE has the decoder
/// norms folded in (<see cref="StateForInference"/>, after the input normalisation, as SAELens's trainer does), so after loading it, codes are h ||W_dec,i|| exactly as
/// SAELens's <c>encode</c> returns them, with the same reconstruction.
/// </remarks>
[DeadFeatureRemedies(DeadFeatureRemedy.Resampling, Reason = "top-k codes have AuxK for dead features, architecture.aux_k_coefficient")]
[SaeArchitecture("topk", Description = "TopK SAE with the AuxK dead-feature loss (Gao et al. 2024; SAELens topk).")]
public sealed class TopKArchitecture(TopKOptions options) : SaeArchitecture<TopKOptions>(options)
{
    private int _auxK;

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, object?> ExtraConfig => new Dictionary<string, object?>
    {
        ["k"] = Options.K,
        ["rescale_acts_by_decoder_norm"] = Options.RescaleActsByDecoderNorm,
    };

    /// <inheritdoc />
    protected override void OnInitialize(SaeInitContext context)
    {
        StructuralSparsity.Check(ComponentId, context, Options.K, Weights.FeatureCount);
        _auxK = AuxKLoss.AuxFeatures(Options.AuxK, context.InputWidth);
    }

    /// <inheritdoc />
    public override SaeForwardResult Forward(Tensor input, TrainingStep step)
    {
        var centred = Centred(input);
        var norms = SelectionNorms();
        int deadCount = step.DeadFeatures?.Count ?? 0;
        SparseRows? aux = null;
        var codes = deadCount > 0 && Options.AuxKCoefficient > 0
            ? Ops.TopKEncode(centred, Weights.WEnc, Weights.BEnc, Options.K, norms, step.DeadFeatures!.Indices(), _auxK, Options.AuxKRankByDecoderNorm, out aux)
            : Ops.TopKEncode(centred, Weights.WEnc, Weights.BEnc, Options.K, norms);
        var reconstruction = Ops.SparseDecode(codes, Weights.WDec, Weights.BDec);
        return new SaeForwardResult(reconstruction, codes,
            [MseTerm(reconstruction, input), AuxKLoss.Term(aux, Weights, Options, input, reconstruction, deadCount)]);
    }

    /// <inheritdoc />
    public override Tensor Encode(Tensor input) =>
        Ops.ToDense(Ops.TopKEncode(Centred(input), Weights.WEnc, Weights.BEnc, Options.K, SelectionNorms()));

    /// <summary>
    /// With <c>rescale_acts_by_decoder_norm</c>, SAELens's form: n_i = ||W_dec,i|| folded in (W_enc[:, i] * n_i,
    /// b_enc[i] * n_i, W_dec,i / n_i), as its trainer does at save. The selection (by h_i n_i) and x_hat are
    /// unchanged; the codes become h_i n_i, which is what SAELens's encode returns for these tensors.
    /// </summary>
    public override IReadOnlyDictionary<string, Tensor> StateForInference(IReadOnlyDictionary<string, Tensor> saved) =>
        Options.RescaleActsByDecoderNorm ? DecoderNormFold.Apply(saved) : saved;

    // ||W_dec,i|| ranks the selection only (no gradient); rows are already unit under unit_norm.
    private Tensor? SelectionNorms()
    {
        if (!Options.RescaleActsByDecoderNorm || Options.DecoderNorm == DecoderNormPolicy.UnitNorm) return null;
        using var noGrad = GradMode.Disable();
        return Ops.RowNorms(Weights.WDec);
    }
}
