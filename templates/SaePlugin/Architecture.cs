using System.ComponentModel;
using SaePlatform.Contracts.Architectures;
using SaePlatform.Contracts.Components;
using SaePlatform.Contracts.Runs;
using SaePlatform.Tensors;

namespace SaePluginTemplate;

/// <summary>Options of the architecture: shared SAE options (d_sae, decoder_norm, b_dec_init, ...) plus its own.</summary>
public sealed class ArchitectureOptions : SaeArchitectureOptions
{
    /// <summary>An example option: scales the reconstruction term.</summary>
    [Description("Weight of the reconstruction term.")]
    public double MseWeight { get; set; } = 1.0;
}

/// <summary>
/// A ReLU SAE to start from: f = ReLU((x - b_dec) W_enc + b_enc), x_hat = f W_dec + b_dec,
/// loss = mse_weight * MSE + lambda * mean_b sum_i f_i ||W_dec,i||. Replace the forward pass with yours.
/// </summary>
[SaeArchitecture("COMPONENT_ID", Description = "TODO: describe the architecture.")]
public sealed class Architecture(ArchitectureOptions options) : ISaeArchitecture
{
    private SaeParameters _p = null!;

    /// <inheritdoc />
    public IReadOnlyList<Tensor> Parameters => _p.All;

    /// <inheritdoc />
    public SaeDescription Description { get; private set; } = null!;

    /// <inheritdoc />
    public void Initialize(SaeInitContext context)
    {
        _p = SaeParameters.Create(context, options);
        Description = new SaeDescription("standard", context.InputWidth, _p.FeatureCount, options.ApplyBDecToInput,
            new Dictionary<string, object?>());
    }

    /// <inheritdoc />
    public SaeForwardResult Forward(Tensor input, TrainingStep step)
    {
        var features = Encode(input);
        var reconstruction = Decode(features);
        var mse = Ops.MulScalar(Ops.MseLoss(reconstruction, input), (float)options.MseWeight);
        var norms = Ops.Reshape(Ops.RowNorms(_p.WDec), _p.FeatureCount, 1);
        var sparsity = Ops.MulScalar(Ops.Mean(Ops.MatMul(features, norms)), step.SparsityCoefficient);
        return new SaeForwardResult(reconstruction, features,
            [new(MetricNames.MseLoss, mse), new(MetricNames.SparsityLoss, sparsity)]);
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
