using SaePlatform.Contracts.Architectures;
using SaePlatform.Contracts.Components;
using SaePlatform.Contracts.Runs;
using SaePlatform.Tensors;

namespace SaePlatform.Plugins.Standard;

/// <summary>
/// f = ReLU((x - b_dec) W_enc + b_enc); x_hat = f W_dec + b_dec;
/// loss = MSE + lambda * penalty(f, ||W_dec,i||) (SAE_REFERENCE.md "standard"). Without a configured
/// penalty the sparsity term is SAELens's: mean over rows of sum_i f_i ||W_dec,i||.
/// </summary>
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
        var features = Encode(input);
        var reconstruction = Ops.Linear(features, _p.WDec, _p.BDec);
        var mse = Ops.MseLoss(reconstruction, input);

        var norms = options.DecoderNorm == DecoderNormPolicy.UnitNorm ? null : Ops.RowNorms(_p.WDec);
        var penalty = _init.Penalty is { } p ? p.Compute(features, norms) : DefaultPenalty(features, norms);
        var sparsity = Ops.MulScalar(penalty, step.SparsityCoefficient);
        string sparsityName = _init.Penalty?.MetricName ?? MetricNames.SparsityLoss;
        return new SaeForwardResult(reconstruction, features, [new(MetricNames.MseLoss, mse), new(sparsityName, sparsity)]);
    }

    // mean_b sum_i f_bi * ||W_dec,i|| as one matrix-vector product; plain L1 under unit_norm.
    private static Tensor DefaultPenalty(Tensor features, Tensor? norms) => norms is null
        ? Ops.MulScalar(Ops.Sum(features), 1f / features.Rows)
        : Ops.Mean(Ops.MatMul(features, Ops.Reshape(norms, norms.Length, 1)));

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
