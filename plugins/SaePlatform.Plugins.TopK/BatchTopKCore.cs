using SaePlatform.Contracts.Architectures;
using SaePlatform.Contracts.Runs;
using SaePlatform.Tensors;
using SaePlatform.Tensors.Autograd;
using SaePlatform.Tensors.Sparse;

namespace SaePlatform.Plugins.TopK;

/// <summary>
/// What batchtopk and matryoshka share (Bussmann et al. 2024; SAE_REFERENCE.md "batchtopk"): training keeps
/// the floor(k B) largest ReLU(h) entries of the whole batch; a threshold tracks the smallest kept activation
/// (theta &lt;- (1 - r) theta + r min after each step, SAELens's scalar EMA applied to every feature) and
/// inference is a JumpReLU with it, which is why the SAE is saved as <c>jumprelu</c> with a
/// <c>threshold</c> [d_sae] tensor.
/// </summary>
internal sealed class BatchTopKCore(BatchTopKOptions options)
{
    private DeadFeatureTracker _tracker = null!;

    /// <summary>Steps since each feature fired (AuxK); part of a checkpoint.</summary>
    public DeadFeatureTracker Tracker => _tracker;
    private int _auxK;
    private float _pendingMinKept = float.NaN;

    public SaeParameters P { get; private set; } = null!;

    /// <summary>Per-feature inference threshold [d_sae] (a saved buffer, not trained by the optimiser).</summary>
    public Tensor Threshold { get; private set; } = null!;

    public SaeDescription Description { get; private set; } = null!;

    public void Initialize(string architecture, SaeInitContext context)
    {
        int dSae = options.FeatureCount(context.InputWidth);
        StructuralSparsity.Check(architecture, context, options.K, dSae);
        P = SaeParameters.Create(context, options);
        var threshold = Tensor.Persistent(dSae);
        threshold.Name = "threshold";
        Threshold = P.AddBuffer(threshold);
        _tracker = new DeadFeatureTracker(dSae, context.DeadFeatureWindow);
        _auxK = AuxKLoss.AuxFeatures(options.AuxK, context.InputWidth);
        Description = new SaeDescription("jumprelu", context.InputWidth, dSae, options.ApplyBDecToInput,
            new Dictionary<string, object?>());
    }

    /// <summary>Training encode and decode: the batch's codes, x_hat, the MSE and the AuxK terms.</summary>
    public (SparseRows Codes, Tensor Reconstruction, LossTerm Mse, LossTerm Aux) Train(Tensor input)
    {
        var centred = Centre(input);
        var codes = Ops.BatchTopKEncode(centred, P.WEnc, P.BEnc, options.K, out float minKept);
        if (GradMode.IsEnabled) _pendingMinKept = minKept;
        var reconstruction = Ops.SparseDecode(codes, P.WDec, P.BDec);
        var dead = _tracker.Dead(out int deadCount);
        SparseRows? aux = null;
        // BatchTopKEncode keeps h internal, so AuxK recomputes it densely, only while some features are dead.
        if (deadCount > 0 && options.AuxKCoefficient > 0)
            aux = Ops.TopKMasked(Ops.Linear(centred, P.WEnc, P.BEnc), _auxK, dead, relu: false);
        if (GradMode.IsEnabled) _tracker.Observe(codes);   // training steps only, not validation passes
        return (codes, reconstruction,
            new LossTerm(MetricNames.MseLoss, Ops.MseLoss(reconstruction, input)),
            new LossTerm(MetricNames.AuxiliaryLoss, AuxKLoss.Compute(aux, P.WDec, options.AuxKDecoderBias ? P.BDec : null, input, reconstruction, deadCount, options.AuxKCoefficient)));
    }

    /// <summary>Inference: ReLU(h) * 1[h &gt; theta] (SAELens JumpReLU).</summary>
    public Tensor Encode(Tensor input) =>
        Ops.JumpRelu(Ops.LinearRelu(input, P.WEnc, P.BEnc, center: options.ApplyBDecToInput ? P.BDec : null), Threshold);

    public Tensor Decode(Tensor features) => Ops.Linear(features, P.WDec, P.BDec);

    public void BeforeOptimizerStep() => P.BeforeOptimizerStep(options.DecoderNorm);

    /// <summary>Decoder-norm policy, then the threshold EMA with the last forward's smallest kept activation.</summary>
    public void AfterOptimizerStep()
    {
        P.AfterOptimizerStep(options.DecoderNorm);
        if (float.IsNaN(_pendingMinKept)) return;
        float r = (float)options.ThresholdLr, m = _pendingMinKept;
        var t = Threshold.Span;
        for (int i = 0; i < t.Length; i++) t[i] = (1 - r) * t[i] + r * m;
        _pendingMinKept = float.NaN;
    }

    private Tensor Centre(Tensor input) => options.ApplyBDecToInput ? Ops.Sub(input, P.BDec) : input;
}
