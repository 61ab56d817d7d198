using SaePlatform.Contracts.Architectures;
using SaePlatform.Contracts.Components;
using SaePlatform.Tensors;

namespace PAnnealingSae;

/// <summary>
/// A ReLU SAE whose sparsity term is an L_p quasi-norm with p annealed during training:
/// f = ReLU((x - b_dec) W_enc + b_enc); x_hat = f W_dec + b_dec;
/// loss = MSE + lambda * mean_b sum_i [(f_i ||W_dec,i|| + eps)^p - eps^p], p going linearly from p_start to p_end.
/// p &lt; 1 approaches L0 more closely than L1 and shrinks large activations less. Saved as a SAELens
/// "standard" SAE: inference is the same ReLU encoder.
/// </summary>
[SaeArchitecture("p_annealing", Description = "ReLU SAE with an L_p penalty whose p anneals from p_start to p_end.")]
// A ReLU code on the base class's W_enc, b_enc, W_dec: both dead-feature remedies apply with no code of its own.
[DeadFeatureRemedies(DeadFeatureRemedy.GhostGrads | DeadFeatureRemedy.Resampling)]
public sealed class PAnnealingArchitecture(PAnnealingOptions options) : SaeArchitecture<PAnnealingOptions>(options)
{
    /// <summary>p at <paramref name="step"/>.</summary>
    public double PAt(TrainingStep step) =>
        Options.PStart + (Options.PEnd - Options.PStart) * (step.TotalSteps <= 1 ? 1.0 : step.Step / (double)(step.TotalSteps - 1));

    /// <inheritdoc />
    protected override string SavedArchitecture => "standard";

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, object?> ExtraConfig =>
        new Dictionary<string, object?> { ["p_start"] = Options.PStart, ["p_end"] = Options.PEnd };

    /// <inheritdoc />
    protected override void OnInitialize(SaeInitContext context)
    {
        if (context.Penalty is not null)
            throw new ArgumentException("p_annealing computes its own L_p penalty; remove the penalty section from the config.");
    }

    /// <inheritdoc />
    public override SaeForwardResult Forward(Tensor input, TrainingStep step)
    {
        var features = Encode(input);
        var reconstruction = Decode(features);
        return new SaeForwardResult(reconstruction, features,
            [MseTerm(reconstruction, input), SparsityTerm(features, null, step, () => LpPenalty(features, PAt(step)))]);
    }

    // mean_b sum_i [(f_i ||W_dec,i|| + eps)^p - eps^p]; subtracting eps^p makes a silent feature cost exactly 0.
    private Tensor LpPenalty(Tensor features, double p)
    {
        float pf = (float)p, eps = (float)Options.Epsilon;
        var weighted = Ops.Mul(features, Ops.Reshape(Ops.RowNorms(Weights.WDec), 1, Weights.FeatureCount));
        var powered = Ops.AddScalar(Ops.Pow(Ops.AddScalar(weighted, eps), pf), -MathF.Pow(eps, pf));
        return Ops.MulScalar(Ops.Sum(powered), 1f / features.Rows);
    }

    /// <inheritdoc />
    public override Tensor Encode(Tensor input) => Ops.LinearRelu(input, Weights.WEnc, Weights.BEnc, center: InputCentre);
}
