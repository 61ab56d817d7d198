using System.ComponentModel;
using SaePlatform.Contracts.Architectures;
using SaePlatform.Contracts.Components;
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
/// loss = mse_weight * MSE + lambda * mean_b sum_i f_i ||W_dec,i|| (or the configured penalty).
/// Replace the forward pass with yours; the base class owns the parameters, saving, loading and the optimiser hooks.
/// Compute with <see cref="Ops"/> only: inside a training step never read <c>Tensor.Span</c> (a tensor on a device,
/// <c>training.device: simdevice</c> or a GPU, throws); see docs/plugins.md, "Tensors on a device".
/// </summary>
[SaeArchitecture("COMPONENT_ID", Description = "TODO: describe the architecture.")]
// A ReLU code: ghost grads and resampling apply (training.ghost_grads, training.resample_every). Register any
// per-feature tensor you add with Weights.Add(tensor, featureAxis: 0) so that resampling resets it.
[DeadFeatureRemedies(DeadFeatureRemedy.GhostGrads | DeadFeatureRemedy.Resampling)]
public sealed class Architecture(ArchitectureOptions options) : SaeArchitecture<ArchitectureOptions>(options)
{
    /// <inheritdoc />
    /// <remarks>Inference is SAELens's standard ReLU encoder, so SAELens can load the saved SAE as "standard".</remarks>
    protected override string SavedArchitecture => "standard";

    /// <inheritdoc />
    public override SaeForwardResult Forward(Tensor input, TrainingStep step)
    {
        var features = Encode(input);
        var reconstruction = Decode(features);
        var mse = MseTerm(reconstruction, input);
        var norms = PenaltyNorms();
        // The built-in term is used when the config names no penalty; SparsityTerm applies the scheduled coefficient.
        var sparsity = SparsityTerm(features, norms, step, () =>
            Ops.Mean(Ops.MatMul(features, Ops.Reshape(norms ?? Tensor.Full(1f, Weights.FeatureCount), Weights.FeatureCount, 1))));
        return new SaeForwardResult(reconstruction, features,
            [mse with { Value = Ops.MulScalar(mse.Value, (float)Options.MseWeight) }, sparsity]);
    }

    /// <inheritdoc />
    public override Tensor Encode(Tensor input) => Ops.LinearRelu(input, Weights.WEnc, Weights.BEnc, center: InputCentre);
}
