using SaePlatform.Contracts.Architectures;
using SaePlatform.Contracts.Components;
using SaePlatform.Contracts.Runs;
using SaePlatform.Tensors;

namespace SaePlatform.Plugins.SparseAutoencoder;

/// <summary>
/// The classic sparse autoencoder (SAE_REFERENCE.md "sparse_ae"): f = act(x_c W_enc + b_enc) with act relu or
/// sigmoid; x_hat = f W_dec + b_dec, where W_dec = W_enc^T when weights are tied; loss = MSE + lambda * penalty(f).
/// Without a configured penalty the term is L1 (mean over rows of sum_i |f_i|, weighted by ||W_dec,i|| under
/// the weighted_penalty decoder policy so that shrinking f while growing W_dec does not evade it).
/// </summary>
/// <remarks>
/// Saved files always hold W_enc, W_dec (the transpose copy when tied), b_enc and b_dec. A relu code is
/// exactly SAELens's "standard" SAE at inference, so it is saved as "standard"; a sigmoid code has no SAELens
/// counterpart and is saved as "sparse_ae". cfg.json also records <c>activation</c> and <c>tied_weights</c>.
/// </remarks>
[SaeArchitecture("sparse_ae", Description = "Classic sparse autoencoder: relu or sigmoid code, optional tied weights, pluggable penalty.")]
public sealed class SparseAutoencoderArchitecture(SparseAutoencoderOptions options) : ISaeArchitecture
{
    private SaeParameters _p = null!;
    private SaeInitContext _init = null!;
    private Tensor[] _parameters = [];

    /// <inheritdoc />
    public IReadOnlyList<Tensor> Parameters => _parameters;

    /// <inheritdoc />
    public SaeDescription Description { get; private set; } = null!;

    private bool Tied => options.TiedWeights;

    /// <inheritdoc />
    public void Initialize(SaeInitContext context)
    {
        _init = context;
        // SaeParameters creates W_enc as a copy of W_dec^T, so the tied start is the same as the untied one.
        _p = SaeParameters.Create(context, options);
        _parameters = Tied ? [_p.WEnc, _p.BEnc, _p.BDec] : [.. _p.All];
        bool relu = options.Activation == SparseCodeActivation.Relu;
        Description = new SaeDescription(relu ? "standard" : "sparse_ae", context.InputWidth, _p.FeatureCount, options.ApplyBDecToInput,
            new Dictionary<string, object?>
            {
                ["activation"] = relu ? "relu" : "sigmoid",
                ["tied_weights"] = Tied,
            });
    }

    /// <inheritdoc />
    public SaeForwardResult Forward(Tensor input, TrainingStep step)
    {
        var features = Encode(input);
        var reconstruction = Decode(features);
        var mse = Ops.MseLoss(reconstruction, input);

        var norms = options.DecoderNorm == DecoderNormPolicy.UnitNorm ? null
            : Tied ? Ops.ColumnNorms(_p.WEnc) : Ops.RowNorms(_p.WDec);
        var penalty = _init.Penalty is { } p ? p.Compute(features, norms) : DefaultPenalty(features, norms);
        var sparsity = Ops.MulScalar(penalty, step.SparsityCoefficient);
        string sparsityName = _init.Penalty?.MetricName ?? MetricNames.SparsityLoss;
        return new SaeForwardResult(reconstruction, features, [new(MetricNames.MseLoss, mse), new(sparsityName, sparsity)]);
    }

    // Both codes are non-negative, so sum_i |f_i| = sum_i f_i: one matrix-vector product with the norms.
    private static Tensor DefaultPenalty(Tensor features, Tensor? norms) => norms is null
        ? Ops.MulScalar(Ops.Sum(features), 1f / features.Rows)
        : Ops.Mean(Ops.MatMul(features, Ops.Reshape(norms, norms.Length, 1)));

    /// <inheritdoc />
    public Tensor Encode(Tensor input)
    {
        var center = options.ApplyBDecToInput ? _p.BDec : null;
        return options.Activation == SparseCodeActivation.Relu
            ? Ops.LinearRelu(input, _p.WEnc, _p.BEnc, center: center)
            : Ops.Sigmoid(Ops.Linear(input, _p.WEnc, _p.BEnc, center: center));
    }

    /// <inheritdoc />
    public Tensor Decode(Tensor features) => Tied
        ? Ops.Linear(features, _p.WEnc, _p.BDec, transposeWeight: true)
        : Ops.Linear(features, _p.WDec, _p.BDec);

    /// <inheritdoc />
    public void BeforeOptimizerStep(TrainingStep step) => _p.BeforeOptimizerStep(options.DecoderNorm);

    /// <inheritdoc />
    public void AfterOptimizerStep(TrainingStep step) => _p.AfterOptimizerStep(options.DecoderNorm);

    /// <inheritdoc />
    public IReadOnlyDictionary<string, Tensor> StateForSaving()
    {
        if (Tied) CopyTransposed(_p.WEnc, _p.WDec);
        return _p.ByName;
    }

    /// <inheritdoc />
    /// <remarks>When tied, W_enc is authoritative and W_dec is rebuilt from it (a saved untied W_dec is ignored).</remarks>
    public void Load(IReadOnlyDictionary<string, Tensor> state)
    {
        _p.Load(state);
        if (Tied) CopyTransposed(_p.WEnc, _p.WDec);
    }

    private static void CopyTransposed(Tensor source, Tensor target)
    {
        int rows = source.Rows, cols = source.Cols;
        var src = source.Span;
        var dst = target.Span;
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
                dst[c * rows + r] = src[r * cols + c];
    }
}
