using System.ComponentModel;

namespace SaePlatform.Plugins.Penalties;

/// <summary>Options of the <c>l1</c> penalty.</summary>
public sealed class L1Options
{
    /// <summary>Weight each feature by its decoder row norm ||W_dec,i|| (SAELens v6). Default true.</summary>
    [Description("Weight |f_i| by the decoder row norm ||W_dec,i|| (SAELens v6 standard SAE).")]
    public bool WeightByDecoderNorm { get; set; } = true;
}
