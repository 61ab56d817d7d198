using SaePlatform.Contracts.Architectures;
using SaePlatform.Contracts.Components;
using SaePlatform.Contracts.Runs;
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
public sealed class PAnnealingArchitecture(PAnnealingOptions options) : ISaeArchitecture
{
    private SaeParameters _p = null!;

    /// <inheritdoc />
    public IReadOnlyList<Tensor> Parameters => _p.All;

    /// <inheritdoc />
    public SaeDescription Description { get; private set; } = null!;

    /// <summary>p at <paramref name="step"/>.</summary>
    public double PAt(TrainingStep step) =>
        options.PStart + (options.PEnd - options.PStart) * (step.TotalSteps <= 1 ? 1.0 : step.Step / (double)(step.TotalSteps - 1));

    /// <inheritdoc />
    public void Initialize(SaeInitContext context)
    {
        if (context.Penalty is not null)
            throw new ArgumentException("p_annealing computes its own L_p penalty; remove the penalty section from the config.");
        _p = SaeParameters.Create(context, options);
        Description = new SaeDescription("standard", context.InputWidth, _p.FeatureCount, options.ApplyBDecToInput,
            new Dictionary<string, object?> { ["p_start"] = options.PStart, ["p_end"] = options.PEnd });
    }

    /// <inheritdoc />
    public SaeForwardResult Forward(Tensor input, TrainingStep step)
    {
        var features = Encode(input);
        var reconstruction = Decode(features);
        var mse = Ops.MseLoss(reconstruction, input);

        float p = (float)PAt(step), eps = (float)options.Epsilon;
        var weighted = Ops.Mul(features, Ops.Reshape(Ops.RowNorms(_p.WDec), 1, _p.FeatureCount));
        var powered = Ops.AddScalar(Ops.Pow(Ops.AddScalar(weighted, eps), p), -MathF.Pow(eps, p));
        var sparsity = Ops.MulScalar(Ops.Sum(powered), step.SparsityCoefficient / input.Rows);
        return new SaeForwardResult(reconstruction, features, [new(MetricNames.MseLoss, mse), new(MetricNames.SparsityLoss, sparsity)]);
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
