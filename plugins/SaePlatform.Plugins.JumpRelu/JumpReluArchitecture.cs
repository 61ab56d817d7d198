using SaePlatform.Contracts.Architectures;
using SaePlatform.Contracts.Components;
using SaePlatform.Contracts.Runs;
using SaePlatform.Tensors;
using SaePlatform.Tensors.Autograd;

namespace SaePlatform.Plugins.JumpRelu;

/// <summary>
/// JumpReLU SAE (SAE_REFERENCE.md "jumprelu"; Rajamanoharan et al. 2024, "Jumping Ahead"):
/// h = x_c W_enc + b_enc; f = h * 1[h &gt; theta]; x_hat = f W_dec + b_dec;
/// loss = MSE + lambda * S, with S = mean_b sum_i H(h_i - theta_i) (step) or mean_b sum_i tanh(c f_i ||W_dec,i||)
/// (tanh). theta is a direct fp32 parameter trained through the rectangle-kernel pseudo-gradient of
/// <see cref="Ops.JumpRelu"/> and <see cref="Ops.Step"/>. A configured penalty replaces S and is applied to f.
/// </summary>
[DeadFeatureRemedies(DeadFeatureRemedy.GhostGrads | DeadFeatureRemedy.Resampling)]
[SaeArchitecture("jumprelu", Description = "JumpReLU SAE with a trained per-feature threshold and an L0 (step) or tanh sparsity term.")]
public sealed class JumpReluArchitecture(JumpReluOptions options) : SaeArchitecture<JumpReluOptions>(options)
{
    private float Bandwidth => (float)Options.Bandwidth;

    private Tensor Threshold => Weights.ByName["threshold"];

    /// <inheritdoc />
    protected override void OnInitialize(SaeInitContext context) =>
        Weights.Add(Tensor.Parameter("threshold", Weights.FeatureCount), featureAxis: 0).Fill((float)Options.ThresholdInit);

    /// <inheritdoc />
    public override SaeForwardResult Forward(Tensor input, TrainingStep step)
    {
        var preActivation = Ops.Linear(input, Weights.WEnc, Weights.BEnc, center: InputCentre);
        var features = Ops.JumpRelu(preActivation, Threshold, Bandwidth);
        var reconstruction = Decode(features);
        var mse = MseTerm(reconstruction, input);
        var norms = PenaltyNorms();
        var terms = new List<LossTerm> { mse, SparsityTerm(features, norms, step, () => BuiltInSparsity(preActivation, features, norms)) };
        if (Options.PreActLossCoefficient is double c and > 0)
            terms.Add(new(MetricNames.PreActLoss, PreActLoss(preActivation, step.DeadFeatures, c)));
        return new SaeForwardResult(reconstruction, features, terms);
    }

    // c * mean_b sum_i ReLU(theta_i - h_bi) * dead_i * ||W_dec,i|| (SAELens calculate_pre_act_loss); zero while nothing is dead.
    private Tensor PreActLoss(Tensor preActivation, IDeadFeatures? dead, double c)
    {
        if (dead is not { Count: > 0 }) return Tensor.Scalar(0f);
        var mask = dead.MaskTensor(); // on the engine's device: no host data crosses
        var below = Ops.Relu(Ops.Neg(Ops.Sub(preActivation, Threshold)));
        var weights = Ops.Mul(Ops.RowNorms(Weights.WDec), mask);
        var perRow = Ops.MatMul(below, Ops.Reshape(weights, weights.Length, 1));
        return Ops.MulScalar(Ops.Mean(perRow), (float)c);
    }

    private Tensor BuiltInSparsity(Tensor preActivation, Tensor features, Tensor? norms)
    {
        float perRow = 1f / preActivation.Rows;
        if (Options.SparsityLoss == JumpReluSparsityLoss.Step)
            return Ops.MulScalar(Ops.Sum(Ops.Step(preActivation, Threshold, Bandwidth)), perRow);
        var scaled = norms is null ? features : Ops.Mul(features, norms);
        return Ops.MulScalar(Ops.Sum(Ops.Tanh(Ops.MulScalar(scaled, (float)Options.TanhScale))), perRow);
    }

    /// <inheritdoc />
    /// <remarks>
    /// SAELens's inference form, ReLU(h) * 1[h &gt; theta]: the same as training's h * 1[h &gt; theta] for the
    /// theta &gt;= 0 kept here, and still SAELens's result for a loaded SAE whose thresholds are negative.
    /// </remarks>
    public override Tensor Encode(Tensor input) =>
        Ops.JumpRelu(Ops.LinearRelu(input, Weights.WEnc, Weights.BEnc, center: InputCentre), Threshold, Bandwidth);

    /// <inheritdoc />
    protected override void OnAfterOptimizerStep(TrainingStep step)
    {
        // SAELens stores log(theta), so its threshold is always positive; a direct parameter could cross 0
        // and let negative pre-activations through. Keep theta >= 0, the same set of SAEs SAELens can express.
        // As operations, so that the threshold stays on the engine's device.
        using (TensorScope.Begin())
        using (GradMode.Disable())
            Threshold.CopyFrom(Ops.Relu(Threshold));
    }
}
