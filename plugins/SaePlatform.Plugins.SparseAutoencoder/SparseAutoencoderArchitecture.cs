using SaePlatform.Contracts.Architectures;
using SaePlatform.Contracts.Components;
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
/// SaeParameters creates W_enc as a copy of W_dec^T, so the tied start is the same as the untied one.
/// </remarks>
[DeadFeatureRemedies(DeadFeatureRemedy.GhostGrads | DeadFeatureRemedy.Resampling)]
[SaeArchitecture("sparse_ae", Description = "Classic sparse autoencoder: relu or sigmoid code, optional tied weights, pluggable penalty.")]
public sealed class SparseAutoencoderArchitecture(SparseAutoencoderOptions options) : SaeArchitecture<SparseAutoencoderOptions>(options)
{
    private bool Tied => Options.TiedWeights;

    private bool Relu => Options.Activation == SparseCodeActivation.Relu;

    /// <inheritdoc />
    /// <remarks>When tied, W_dec is not trained: it is W_enc^T, rebuilt for saving.</remarks>
    public override IReadOnlyList<Tensor> Parameters => Tied ? [Weights.WEnc, Weights.BEnc, Weights.BDec] : Weights.All;

    /// <inheritdoc />
    protected override string SavedArchitecture => Relu ? "standard" : "sparse_ae";

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, object?> ExtraConfig => new Dictionary<string, object?>
    {
        ["activation"] = Relu ? "relu" : "sigmoid",
        ["tied_weights"] = Tied,
    };

    /// <inheritdoc />
    public override SaeForwardResult Forward(Tensor input, TrainingStep step)
    {
        var features = Encode(input);
        var reconstruction = Decode(features);
        var mse = MseTerm(reconstruction, input);
        var norms = Options.DecoderNorm == DecoderNormPolicy.UnitNorm ? null
            : Tied ? Ops.ColumnNorms(Weights.WEnc) : Ops.RowNorms(Weights.WDec);
        return new SaeForwardResult(reconstruction, features, [mse, SparsityTerm(features, norms, step, () => L1(features, norms))]);
    }

    // Both codes are non-negative, so sum_i |f_i| = sum_i f_i: one matrix-vector product with the norms.
    private static Tensor L1(Tensor features, Tensor? norms) => norms is null
        ? Ops.MulScalar(Ops.Sum(features), 1f / features.Rows)
        : Ops.Mean(Ops.MatMul(features, Ops.Reshape(norms, norms.Length, 1)));

    /// <inheritdoc />
    public override Tensor Encode(Tensor input) => Relu
        ? Ops.LinearRelu(input, Weights.WEnc, Weights.BEnc, center: InputCentre)
        : Ops.Sigmoid(Ops.Linear(input, Weights.WEnc, Weights.BEnc, center: InputCentre));

    /// <inheritdoc />
    public override Tensor Decode(Tensor features) => Tied
        ? Ops.Linear(features, Weights.WEnc, Weights.BDec, transposeWeight: true)
        : base.Decode(features);

    /// <inheritdoc />
    /// <remarks>When tied, the decoder rows are W_enc's columns.</remarks>
    public override Tensor DecodeFeatures(Tensor activations, int[] features) => Tied
        ? Ops.MatMul(activations, Ops.GatherColumns(Weights.WEnc, features), transposeB: true)
        : base.DecodeFeatures(activations, features);

    /// <inheritdoc />
    /// <remarks>When tied, the decoder rows are W_enc's columns.</remarks>
    public override Tensor DecodeFeatures(Tensor activations, IndexTensor features) => Tied
        ? Ops.MatMul(activations, Ops.GatherColumns(Weights.WEnc, features), transposeB: true)
        : base.DecodeFeatures(activations, features);

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, Tensor> StateForSaving()
    {
        if (Tied) CopyTransposed(Weights.WEnc, Weights.WDec);
        return Weights.ByName;
    }

    /// <inheritdoc />
    /// <remarks>When tied, W_enc is authoritative and W_dec is rebuilt from it (a saved untied W_dec is ignored).</remarks>
    public override void Load(IReadOnlyDictionary<string, Tensor> state)
    {
        Weights.Load(state);
        if (Tied) CopyTransposed(Weights.WEnc, Weights.WDec);
    }

    private static void CopyTransposed(Tensor source, Tensor target)
    {
        int rows = source.Rows, cols = source.Cols;
        target.EditOnHost(dst =>
        {
            var src = source.ReadOnHost();
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < cols; c++)
                    dst[c * rows + r] = src[r * cols + c];
        });
    }
}
