using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SaePlatform.Plugins.TopK;

/// <summary>Options of the <c>topk</c> architecture.</summary>
public sealed class TopKOptions : TopKFamilyOptions
{
    /// <summary>Rank h_i * ||W_dec,i|| when selecting the top k (SAELens default on). Default true.</summary>
    [Description("Select the top k by h * ||W_dec,i|| instead of h (SAELens rescale_acts_by_decoder_norm).")]
    public bool RescaleActsByDecoderNorm { get; set; } = true;

    /// <summary>
    /// With <see cref="RescaleActsByDecoderNorm"/>, rank the dead features for AuxK by h_i * ||W_dec,i|| as SAELens
    /// does, instead of by raw h_i (Gao et al. 2024 and the default). The AuxK activations are h_i either way.
    /// </summary>
    [Description("Rank dead features for AuxK by h * ||W_dec,i|| (SAELens under rescale_acts_by_decoder_norm) instead of raw h (default).")]
    public bool AuxKRankByDecoderNorm { get; set; }

    /// <inheritdoc />
    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var result in base.Validate(validationContext)) yield return result;
        if (AuxKRankByDecoderNorm && !RescaleActsByDecoderNorm)
            yield return new ValidationResult("aux_k_rank_by_decoder_norm ranks by h * ||W_dec,i|| like the main selection; it needs rescale_acts_by_decoder_norm: true.",
                [nameof(AuxKRankByDecoderNorm)]);
    }
}
