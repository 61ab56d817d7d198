using SaePlatform.Contracts.Architectures;
using SaePlatform.Contracts.Components;
using SaePlatform.Contracts.Runs;
using SaePlatform.Tensors;
using SaePlatform.Tensors.Sparse;

namespace SaePlatform.Plugins.Standard;

/// <summary>
/// f = ReLU((x - b_dec) W_enc + b_enc); x_hat = f W_dec + b_dec;
/// loss = MSE + lambda * penalty(f, ||W_dec,i||) (SAE_REFERENCE.md "standard"). Without a configured
/// penalty the sparsity term is SAELens's: mean over rows of sum_i f_i ||W_dec,i||.
/// </summary>
/// <remarks>
/// A step in which few features fire (<see cref="StandardOptions.SparseBelow"/>) keeps its codes in CSR form:
/// the decoder and every gradient but the encoder's forward GEMM then cost in proportion to the firing entries.
/// </remarks>
[SaeArchitecture("standard", Description = "ReLU SAE with a decoder-norm weighted sparsity penalty (SAELens standard).")]
public sealed class StandardArchitecture(StandardOptions options) : ISaeArchitecture
{
    private SaeParameters _p = null!;
    private SaeInitContext _init = null!;

    /// <inheritdoc />
    public IReadOnlyList<Tensor> Parameters => _p.All;

    /// <inheritdoc />
    public SaeDescription Description { get; private set; } = null!;

    /// <inheritdoc />
    public void Initialize(SaeInitContext context)
    {
        _init = context;
        _p = SaeParameters.Create(context, options);
        Description = new SaeDescription("standard", context.InputWidth, _p.FeatureCount, options.ApplyBDecToInput,
            new Dictionary<string, object?>());
    }

    /// <inheritdoc />
    public SaeForwardResult Forward(Tensor input, TrainingStep step)
    {
        var norms = options.DecoderNorm == DecoderNormPolicy.UnitNorm ? null : Ops.RowNorms(_p.WDec);
        // The default penalty, mean_b sum_i f_bi * ||W_dec,i|| (plain L1 under unit_norm, where every norm is 1), comes
        // out of the encoder, whose backward folds its gradient into the ReLU's pass. A configured penalty sees the
        // usual dense features.
        var defaultWeights = _init.Penalty is null ? norms ?? Tensor.Full(1f, _p.FeatureCount) : null;
        var codes = Ops.ReluEncode(input, _p.WEnc, _p.BEnc, options.ApplyBDecToInput ? _p.BDec : null, options.SparseBelow, defaultWeights);
        string sparsityName = _init.Penalty?.MetricName ?? MetricNames.SparsityLoss;
        if (codes.Sparse is { } sparse)
        {
            var sparseReconstruction = Ops.SparseDecode(sparse, _p.WDec, _p.BDec);
            var sparsePenalty = _init.Penalty is { } sp ? sp.Compute(Ops.ToDense(sparse), norms) : codes.Penalty!;
            return new SaeForwardResult(sparseReconstruction, sparse,
                [new(MetricNames.MseLoss, Ops.MseLoss(sparseReconstruction, input)), new(sparsityName, Ops.MulScalar(sparsePenalty, step.SparsityCoefficient))]);
        }

        var features = codes.Dense!;
        var reconstruction = Ops.Linear(features, _p.WDec, _p.BDec);
        var penalty = _init.Penalty is { } p ? p.Compute(features, norms) : codes.Penalty!;
        return new SaeForwardResult(reconstruction, features,
            [new(MetricNames.MseLoss, Ops.MseLoss(reconstruction, input)), new(sparsityName, Ops.MulScalar(penalty, step.SparsityCoefficient))]);
    }

    /// <inheritdoc />
    public Tensor Encode(Tensor input) =>
        Ops.LinearRelu(input, _p.WEnc, _p.BEnc, center: options.ApplyBDecToInput ? _p.BDec : null);

    /// <inheritdoc />
    public Tensor Decode(Tensor features) => Ops.Linear(features, _p.WDec, _p.BDec);

    /// <inheritdoc />
    public void BeforeOptimizerStep(TrainingStep step) => _p.BeforeOptimizerStep(options.DecoderNorm);

    /// <inheritdoc />
    public void AfterOptimizerStep(TrainingStep step) => _p.AfterOptimizerStep(options.DecoderNorm);

    /// <inheritdoc />
    public IReadOnlyDictionary<string, Tensor> StateForSaving() => _p.ByName;

    /// <inheritdoc />
    public void Load(IReadOnlyDictionary<string, Tensor> state) => _p.Load(state);
}
