using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SaePlatform.Contracts.Architectures;

/// <summary>How decoder row norms are handled (SAE_REFERENCE.md, "Decoder-norm policy").</summary>
public enum DecoderNormPolicy
{
    /// <summary>SAELens v6: rows are free; penalties weight each feature by ||W_dec,i||.</summary>
    WeightedPenalty,
    /// <summary>sparsify / dictionary_learning / OpenAI: rows renormalised to 1 after each step, parallel gradient removed before it.</summary>
    UnitNorm,
}

/// <summary>Initial value of b_dec.</summary>
public enum DecoderBiasInit
{
    /// <summary>Zeros (SAELens default).</summary>
    Zero,
    /// <summary>Mean of sample training rows.</summary>
    Mean,
    /// <summary>Geometric median of sample training rows (OpenAI, dictionary_learning for TopK).</summary>
    GeometricMedian,
}

/// <summary>Options every architecture shares; an architecture's options class derives from this one.</summary>
public class SaeArchitectureOptions : IValidatableObject
{
    /// <summary>Number of features. 0 means <see cref="ExpansionFactor"/> x d_in. Default 0.</summary>
    [Range(0, int.MaxValue)]
    [Description("Number of SAE features (d_sae); 0 = expansion_factor x d_in.")]
    public int DSae { get; set; }

    /// <summary>d_sae as a multiple of d_in when <see cref="DSae"/> is 0. Default 8.</summary>
    [Range(0.0, 1024.0)]
    [Description("d_sae / d_in when d_sae is 0.")]
    public double ExpansionFactor { get; set; } = 8;

    /// <summary>Subtract b_dec from the input before encoding. Default true.</summary>
    [Description("Centre inputs by b_dec before encoding.")]
    public bool ApplyBDecToInput { get; set; } = true;

    /// <summary>Decoder-norm policy. Default weighted_penalty (SAELens v6).</summary>
    [Description("weighted_penalty (SAELens v6) or unit_norm (renormalise decoder rows each step).")]
    public DecoderNormPolicy DecoderNorm { get; set; } = DecoderNormPolicy.WeightedPenalty;

    /// <summary>
    /// Initial b_dec. Default geometric_median of the sample rows (SAELens: zeros): real activations rarely have zero
    /// mean, and with apply_b_dec_to_input a zero b_dec leaves that mean in every encoder input (docs/defaults.md).
    /// </summary>
    [Description("b_dec initialisation: geometric_median (default; SAELens: zero; see docs/defaults.md), mean or zero, of the sample rows.")]
    public DecoderBiasInit BDecInit { get; set; } = DecoderBiasInit.GeometricMedian;

    /// <summary>Norm of each decoder row at initialisation (SAELens: 0.1). Ignored under unit_norm (rows start at 1).</summary>
    [Range(1e-6, 1e6)]
    [Description("Initial L2 norm of each decoder row.")]
    public double DecoderInitNorm { get; set; } = 0.1;

    /// <summary>
    /// Key of <see cref="ValidationContext.Items"/> holding d_in (an <see cref="int"/>) when the host validates the
    /// options a second time, after reading the data's header and before reading any row. Absent in the first
    /// validation, when the config is read.
    /// </summary>
    public const string InputWidthItem = "d_in";

    /// <summary>
    /// Key of <see cref="ValidationContext.Items"/> holding the id of the configured sparsity penalty (a <see cref="string"/>),
    /// present only when the config has a <c>penalty</c> section, so an architecture whose sparsity is structural can
    /// refuse one at validation.
    /// </summary>
    public const string PenaltyItem = "penalty";

    /// <summary>d_sae for inputs of width <paramref name="inputWidth"/>.</summary>
    public int FeatureCount(int inputWidth) => DSae > 0 ? DSae : Math.Max(1, (int)Math.Round(ExpansionFactor * inputWidth));

    /// <summary>
    /// d_sae as far as it is known while validating: <see cref="DSae"/> when set, else expansion_factor x d_in when
    /// the host passed d_in (<see cref="InputWidthItem"/>), else null. Cross-field rules (k below d_sae, widths up to
    /// d_sae) use it so that they fail at validation, with the config location, instead of in <c>Initialize</c>.
    /// </summary>
    public int? FeatureCount(ValidationContext validationContext)
    {
        ArgumentNullException.ThrowIfNull(validationContext);
        if (DSae > 0) return DSae;
        return validationContext.Items.TryGetValue(InputWidthItem, out var width) && width is int inputWidth && inputWidth > 0
            ? FeatureCount(inputWidth)
            : null;
    }

    /// <inheritdoc />
    public virtual IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (DSae == 0 && ExpansionFactor <= 0)
            yield return new ValidationResult("Set d_sae > 0 or expansion_factor > 0.", [nameof(DSae)]);
    }
}
