using System.ComponentModel;

namespace SaePlatform.Plugins.TopK;

/// <summary>Options of the <c>topk</c> architecture.</summary>
public sealed class TopKOptions : TopKFamilyOptions
{
    /// <summary>Rank h_i * ||W_dec,i|| when selecting the top k (SAELens default on). Default true.</summary>
    [Description("Select the top k by h * ||W_dec,i|| instead of h (SAELens rescale_acts_by_decoder_norm).")]
    public bool RescaleActsByDecoderNorm { get; set; } = true;
}
