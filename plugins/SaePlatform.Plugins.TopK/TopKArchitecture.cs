using SaePlatform.Contracts.Architectures;
using SaePlatform.Contracts.Components;
using SaePlatform.Contracts.Runs;
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
/// norms folded in (<see cref="StateForInference"/>), so after loading it, codes are h ||W_dec,i|| exactly as
/// SAELens's <c>encode</c> returns them, with the same reconstruction.
/// </remarks>
[SaeArchitecture("topk", Description = "TopK SAE with the AuxK dead-feature loss (Gao et al. 2024; SAELens topk).")]
public sealed class TopKArchitecture(TopKOptions options) : ISaeArchitecture, IResumableState
{
    private SaeParameters _p = null!;
    private DeadFeatureTracker _tracker = null!;
    private int _auxK;

    /// <inheritdoc />
    public IReadOnlyList<Tensor> Parameters => _p.All;

    /// <inheritdoc />
    public SaeDescription Description { get; private set; } = null!;

    /// <inheritdoc />
    public void Initialize(SaeInitContext context)
    {
        int dSae = options.FeatureCount(context.InputWidth);
        StructuralSparsity.Check("topk", context, options.K, dSae);
        _p = SaeParameters.Create(context, options);
        _tracker = new DeadFeatureTracker(dSae, context.DeadFeatureWindow);
        _auxK = AuxKLoss.AuxFeatures(options.AuxK, context.InputWidth);
        Description = new SaeDescription("topk", context.InputWidth, dSae, options.ApplyBDecToInput,
            new Dictionary<string, object?>
            {
                ["k"] = options.K,
                ["rescale_acts_by_decoder_norm"] = options.RescaleActsByDecoderNorm,
            });
    }

    /// <inheritdoc />
    public SaeForwardResult Forward(Tensor input, TrainingStep step)
    {
        var centred = Centre(input);
        var norms = SelectionNorms();
        var dead = _tracker.Dead(out int deadCount);
        SparseRows? aux = null;
        var codes = deadCount > 0 && options.AuxKCoefficient > 0
            ? Ops.TopKEncode(centred, _p.WEnc, _p.BEnc, options.K, norms, dead, _auxK, options.AuxKRankByDecoderNorm, out aux)
            : Ops.TopKEncode(centred, _p.WEnc, _p.BEnc, options.K, norms);
        var reconstruction = Ops.SparseDecode(codes, _p.WDec, _p.BDec);
        if (GradMode.IsEnabled) _tracker.Observe(codes);   // training steps only, not validation passes
        return new SaeForwardResult(reconstruction, codes,
        [
            new(MetricNames.MseLoss, Ops.MseLoss(reconstruction, input)),
            new(MetricNames.AuxiliaryLoss, AuxKLoss.Compute(aux, _p.WDec, options.AuxKDecoderBias ? _p.BDec : null, input, reconstruction, deadCount, options.AuxKCoefficient)),
        ]);
    }

    /// <inheritdoc />
    public Tensor Encode(Tensor input) =>
        SparseCodes.ToDense(Ops.TopKEncode(Centre(input), _p.WEnc, _p.BEnc, options.K, SelectionNorms()));

    /// <inheritdoc />
    public Tensor Decode(Tensor features) => Ops.Linear(features, _p.WDec, _p.BDec);

    /// <inheritdoc />
    public void BeforeOptimizerStep(TrainingStep step) => _p.BeforeOptimizerStep(options.DecoderNorm);

    /// <inheritdoc />
    public void AfterOptimizerStep(TrainingStep step) => _p.AfterOptimizerStep(options.DecoderNorm);

    /// <inheritdoc />
    public IReadOnlyDictionary<string, Tensor> StateForSaving() => _p.ByName;

    /// <summary>
    /// With <c>rescale_acts_by_decoder_norm</c>, SAELens's form: n_i = ||W_dec,i|| folded in (W_enc[:, i] * n_i,
    /// b_enc[i] * n_i, W_dec,i / n_i), as its trainer does at save. The selection (by h_i n_i) and x_hat are
    /// unchanged; the codes become h_i n_i, which is what SAELens's encode returns for these tensors.
    /// </summary>
    public IReadOnlyDictionary<string, Tensor> StateForInference() =>
        options.RescaleActsByDecoderNorm ? DecoderNormFold.Apply(_p.ByName) : _p.ByName;

    /// <inheritdoc />
    public void Load(IReadOnlyDictionary<string, Tensor> state) => _p.Load(state);

    private Tensor Centre(Tensor input) => options.ApplyBDecToInput ? Ops.Sub(input, _p.BDec) : input;

    // ||W_dec,i|| ranks the selection only (no gradient); rows are already unit under unit_norm.
    private Tensor? SelectionNorms()
    {
        if (!options.RescaleActsByDecoderNorm || options.DecoderNorm == DecoderNormPolicy.UnitNorm) return null;
        using var noGrad = GradMode.Disable();
        return Ops.RowNorms(_p.WDec);
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double[]> ExportResumeState() =>
        new Dictionary<string, double[]> { [DeadFeatureTracker.StateName] = _tracker.Export() };

    /// <inheritdoc />
    public void ImportResumeState(IReadOnlyDictionary<string, double[]> state) => _tracker.Import(state);
}
