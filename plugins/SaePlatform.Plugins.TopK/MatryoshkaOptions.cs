using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SaePlatform.Plugins.TopK;

/// <summary>Options of the <c>matryoshka</c> architecture.</summary>
public sealed class MatryoshkaOptions : BatchTopKOptions
{
    /// <summary>
    /// Increasing prefix widths m; each m &lt; d_sae adds the MSE of the reconstruction from features 0..m-1.
    /// The full width d_sae is always the main MSE. Empty = d_sae/8, d_sae/4, d_sae/2.
    /// </summary>
    [Description("Increasing widths m (each <= d_sae) whose prefix reconstructions get their own MSE term; empty = d_sae/8, d_sae/4, d_sae/2 (plus d_sae).")]
    public int[] PrefixWidths { get; set; } = [];

    /// <inheritdoc />
    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var result in base.Validate(validationContext)) yield return result;
        for (int i = 0; i < PrefixWidths.Length; i++)
        {
            if (PrefixWidths[i] < 1)
                yield return new ValidationResult($"Width {PrefixWidths[i]} must be at least 1.", [nameof(PrefixWidths)]);
            else if (i > 0 && PrefixWidths[i] <= PrefixWidths[i - 1])
                yield return new ValidationResult($"Widths must increase: {PrefixWidths[i]} follows {PrefixWidths[i - 1]}.", [nameof(PrefixWidths)]);
            else if (FeatureCount(validationContext) is { } dSae && PrefixWidths[i] > dSae)
                yield return new ValidationResult($"Width {PrefixWidths[i]} exceeds d_sae = {dSae}{HowDSaeFollows(validationContext)}.", [nameof(PrefixWidths)]);
        }
    }
}
