using SaePlatform.Contracts.Runs;
using SaePlatform.Tensors;
using SaePlatform.Tensors.Sparse;

namespace SaePlatform.Contracts.Architectures;

// The loss-term helpers: one place for the term names and the coefficient policy every architecture shares.
public abstract partial class SaeArchitecture<TOptions>
{
    /// <summary>||W_dec,i|| per feature [d_sae] for a decoder-weighted penalty, or null under unit_norm (every norm is 1).</summary>
    protected Tensor? PenaltyNorms() => Options.DecoderNorm == DecoderNormPolicy.UnitNorm ? null : Ops.RowNorms(Weights.WDec);

    /// <summary>
    /// Whether the config names a penalty. Without one the architecture's built-in term applies, which it may compute
    /// inside a fused encoder (as standard and gated do) before calling <see cref="SparsityTerm(Tensor, Tensor?, TrainingStep, Func{Tensor})"/>.
    /// </summary>
    protected bool HasConfiguredPenalty => Context.Penalty is not null;

    /// <summary>The reconstruction term <c>losses/mse_loss</c>: SAELens's sum over d_in of squared errors, mean over rows.</summary>
    protected static LossTerm MseTerm(Tensor reconstruction, Tensor input) => new(MetricNames.MseLoss, Ops.MseLoss(reconstruction, input));

    /// <summary>
    /// The sparsity term, the one coefficient policy of every architecture: the configured penalty on
    /// <paramref name="features"/> and <paramref name="norms"/> when the config names one (under its
    /// <see cref="Penalties.ISparsityPenalty.MetricName"/>), else <paramref name="builtIn"/> (under
    /// <c>losses/l1_loss</c>), times the step's scheduled coefficient (its warm-up already applied by the runtime).
    /// </summary>
    /// <param name="features">Activations [B, d_sae] a configured penalty sees.</param>
    /// <param name="norms">||W_dec,i|| for a configured penalty, or null (see <see cref="PenaltyNorms"/>).</param>
    /// <param name="step">The step, for <see cref="TrainingStep.SparsityCoefficient"/>.</param>
    /// <param name="builtIn">The architecture's own unweighted term (mean over rows); called only without a configured penalty.</param>
    protected LossTerm SparsityTerm(Tensor features, Tensor? norms, TrainingStep step, Func<Tensor> builtIn)
    {
        ArgumentNullException.ThrowIfNull(builtIn);
        return Weighted(Context.Penalty is { } configured ? configured.Compute(features, norms) : builtIn(), step);
    }

    /// <summary>
    /// <see cref="SparsityTerm(Tensor, Tensor?, TrainingStep, Func{Tensor})"/> for CSR features: a configured
    /// penalty sees them made dense (<see cref="Ops.ToDense"/>, which passes the gradient back to the stored entries).
    /// </summary>
    protected LossTerm SparsityTerm(SparseRows features, Tensor? norms, TrainingStep step, Func<Tensor> builtIn)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(builtIn);
        return Weighted(Context.Penalty is { } configured ? configured.Compute(Ops.ToDense(features), norms) : builtIn(), step);
    }

    // The configured penalty's history key (or losses/l1_loss for a built-in term) and lambda after its warm-up.
    private LossTerm Weighted(Tensor penalty, TrainingStep step) =>
        new(Context.Penalty?.MetricName ?? MetricNames.SparsityLoss, Ops.MulScalar(penalty, step.SparsityCoefficient));
}
