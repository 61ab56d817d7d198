using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using SaePlatform.Contracts.Architectures;

namespace SaePlatform.Plugins.TopK;

/// <summary>Options shared by the TopK family: k and the AuxK auxiliary loss (SAE_REFERENCE.md "topk").</summary>
public abstract class TopKFamilyOptions : SaeArchitectureOptions
{
    /// <summary>Features kept per row (batchtopk: on average). Required; must be below d_sae.</summary>
    [Description("Features kept per row (batchtopk/matryoshka: mean per row over the batch). Required, 1 <= k < d_sae.")]
    public int K { get; set; }

    /// <summary>
    /// Moved to <c>training.dead_feature_window</c>: AuxK and the runtime's dead-feature metric share one window,
    /// whose dead mask reaches the architecture as <see cref="TrainingStep.DeadFeatures"/>. Setting it here is a config
    /// error that says where it went. Default null.
    /// </summary>
    [Range(1, int.MaxValue)]
    [Description("Moved: set training.dead_feature_window (one window for AuxK and the dead-feature metric). Setting it here is an error.")]
    public int? DeadFeatureWindow { get; set; }

    /// <summary>
    /// alpha, the weight of AuxK. Default 1.0, SAELens's value: our MSE and AuxK are both SAELens's un-normalised
    /// sums over d_in (OpenAI's 1/32 goes with its variance-normalised losses).
    /// </summary>
    [Range(0.0, 1e6)]
    [Description("AuxK weight alpha (SAELens 1.0 with un-normalised MSE, as here; OpenAI uses 1/32 with normalised MSE).")]
    public double AuxKCoefficient { get; set; } = 1.0;

    /// <summary>
    /// Add b_dec to the AuxK reconstruction of the residual (SAELens decodes the auxiliary activations with the
    /// SAE's own decode, so b_dec is added there and gets a gradient from AuxK). Default false: Gao et al. 2024's
    /// form, where the dead features model the residual x - x_hat alone.
    /// </summary>
    [Description("Add b_dec to the AuxK reconstruction of the residual (SAELens: true; Gao et al. 2024 and the default: false).")]
    public bool AuxKDecoderBias { get; set; }

    /// <summary>Dead features used per row by AuxK (k_aux before clamping); 0 = d_in / 2 (Gao et al. 2024, App. B.1).</summary>
    [Range(0, int.MaxValue)]
    [Description("Dead features per row in the AuxK reconstruction; 0 = d_in / 2.")]
    public int AuxK { get; set; }

    /// <inheritdoc />
    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var result in base.Validate(validationContext)) yield return result;
        if (validationContext.Items.TryGetValue(PenaltyItem, out var penalty) && penalty is string penaltyId)
            yield return new ValidationResult($"k fixes the sparsity of this architecture, so penalty '{penaltyId}' would be ignored; remove the penalty section.");
        if (K < 1) yield return new ValidationResult("Set k, the number of features kept per row (e.g. k: 32).", [nameof(K)]);
        else if (FeatureCount(validationContext) is { } dSae && K >= dSae)
            yield return new ValidationResult($"k = {K} must be below d_sae = {dSae}{HowDSaeFollows(validationContext)}.", [nameof(K)]);
        if (DeadFeatureWindow is { } window)
            yield return new ValidationResult(
                $"dead_feature_window moved to the training section: set training.dead_feature_window: {window} instead (one window for AuxK and the dead-feature metric).",
                [nameof(DeadFeatureWindow)]);
    }

    /// <summary>" (expansion_factor 2 x d_in 16)" when d_sae comes from the data's width, else "".</summary>
    protected string HowDSaeFollows(ValidationContext validationContext) =>
        DSae > 0 || !validationContext.Items.TryGetValue(InputWidthItem, out var width)
            ? ""
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $" (expansion_factor {ExpansionFactor} x d_in {width} of the data)");
}
