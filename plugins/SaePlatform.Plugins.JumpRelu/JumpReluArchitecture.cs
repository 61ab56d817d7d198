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
[SaeArchitecture("jumprelu", Description = "JumpReLU SAE with a trained per-feature threshold and an L0 (step) or tanh sparsity term.")]
public sealed class JumpReluArchitecture(JumpReluOptions options) : ISaeArchitecture, IResumableState
{
    private DeadFeatureTracker? _tracker;
    private SaeParameters _p = null!;
    private SaeInitContext _init = null!;
    private Tensor _threshold = null!;

    /// <inheritdoc />
    public IReadOnlyList<Tensor> Parameters => _p.All;

    /// <inheritdoc />
    public SaeDescription Description { get; private set; } = null!;

    private float Bandwidth => (float)options.Bandwidth;

    /// <inheritdoc />
    public void Initialize(SaeInitContext context)
    {
        _init = context;
        _p = SaeParameters.Create(context, options);
        _threshold = _p.Add(Tensor.Parameter("threshold", _p.FeatureCount));
        _threshold.Span.Fill((float)options.ThresholdInit);
        _tracker = options.PreActLossCoefficient is > 0 ? new DeadFeatureTracker(_p.FeatureCount, context.DeadFeatureWindow) : null;
        Description = new SaeDescription("jumprelu", context.InputWidth, _p.FeatureCount, options.ApplyBDecToInput,
            new Dictionary<string, object?>());
    }

    /// <inheritdoc />
    public SaeForwardResult Forward(Tensor input, TrainingStep step)
    {
        var preActivation = PreActivation(input);
        var features = Ops.JumpRelu(preActivation, _threshold, Bandwidth);
        var reconstruction = Ops.Linear(features, _p.WDec, _p.BDec);
        var mse = Ops.MseLoss(reconstruction, input);

        var norms = options.DecoderNorm == DecoderNormPolicy.UnitNorm ? null : Ops.RowNorms(_p.WDec);
        var penalty = _init.Penalty is { } p ? p.Compute(features, norms) : BuiltInSparsity(preActivation, features, norms);
        var sparsity = Ops.MulScalar(penalty, step.SparsityCoefficient);
        string sparsityName = _init.Penalty?.MetricName ?? MetricNames.SparsityLoss;
        var terms = new List<LossTerm> { new(MetricNames.MseLoss, mse), new(sparsityName, sparsity) };
        if (_tracker is not null)
        {
            terms.Add(new(MetricNames.PreActLoss, PreActLoss(preActivation, _tracker.Dead(out int deadCount), deadCount)));
            if (GradMode.IsEnabled) _tracker.Observe(features);   // training steps only, not validation passes
        }
        return new SaeForwardResult(reconstruction, features, terms);
    }

    // c * mean_b sum_i ReLU(theta_i - h_bi) * dead_i * ||W_dec,i|| (SAELens calculate_pre_act_loss); zero while nothing is dead.
    private Tensor PreActLoss(Tensor preActivation, ReadOnlySpan<bool> dead, int deadCount)
    {
        if (deadCount == 0) return Tensor.Scalar(0f);
        var mask = Tensor.Empty(dead.Length);
        var m = mask.Span;
        for (int i = 0; i < m.Length; i++) m[i] = dead[i] ? 1f : 0f;
        var below = Ops.Relu(Ops.Neg(Ops.Sub(preActivation, _threshold)));
        var weights = Ops.Mul(Ops.RowNorms(_p.WDec), mask);
        var perRow = Ops.MatMul(below, Ops.Reshape(weights, weights.Length, 1));
        return Ops.MulScalar(Ops.Mean(perRow), (float)options.PreActLossCoefficient!.Value);
    }

    private Tensor BuiltInSparsity(Tensor preActivation, Tensor features, Tensor? norms)
    {
        float perRow = 1f / preActivation.Rows;
        if (options.SparsityLoss == JumpReluSparsityLoss.Step)
            return Ops.MulScalar(Ops.Sum(Ops.Step(preActivation, _threshold, Bandwidth)), perRow);
        var scaled = norms is null ? features : Ops.Mul(features, norms);
        return Ops.MulScalar(Ops.Sum(Ops.Tanh(Ops.MulScalar(scaled, (float)options.TanhScale))), perRow);
    }

    private Tensor PreActivation(Tensor input) =>
        Ops.Linear(input, _p.WEnc, _p.BEnc, center: options.ApplyBDecToInput ? _p.BDec : null);

    /// <inheritdoc />
    /// <remarks>
    /// SAELens's inference form, ReLU(h) * 1[h &gt; theta]: the same as training's h * 1[h &gt; theta] for the
    /// theta &gt;= 0 kept here, and still SAELens's result for a loaded SAE whose thresholds are negative.
    /// </remarks>
    public Tensor Encode(Tensor input) =>
        Ops.JumpRelu(Ops.LinearRelu(input, _p.WEnc, _p.BEnc, center: options.ApplyBDecToInput ? _p.BDec : null), _threshold, Bandwidth);

    /// <inheritdoc />
    public Tensor Decode(Tensor features) => Ops.Linear(features, _p.WDec, _p.BDec);

    /// <inheritdoc />
    public void BeforeOptimizerStep(TrainingStep step) => _p.BeforeOptimizerStep(options.DecoderNorm);

    /// <inheritdoc />
    public void AfterOptimizerStep(TrainingStep step)
    {
        _p.AfterOptimizerStep(options.DecoderNorm);
        // SAELens stores log(theta), so its threshold is always positive; a direct parameter could cross 0
        // and let negative pre-activations through. Keep theta >= 0, the same set of SAEs SAELens can express.
        var theta = _threshold.Span;
        for (int i = 0; i < theta.Length; i++)
            if (theta[i] < 0f) theta[i] = 0f;
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, Tensor> StateForSaving() => _p.ByName;

    /// <inheritdoc />
    public void Load(IReadOnlyDictionary<string, Tensor> state) => _p.Load(state);

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double[]> ExportResumeState() => _tracker is null
        ? new Dictionary<string, double[]>()
        : new Dictionary<string, double[]> { [DeadFeatureTracker.StateName] = _tracker.Export() };

    /// <inheritdoc />
    public void ImportResumeState(IReadOnlyDictionary<string, double[]> state)
    {
        if (_tracker is not null) _tracker.Import(state);
    }
}
