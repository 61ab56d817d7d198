using System.ComponentModel;
using SaePlatform.Contracts.Architectures;

namespace SaePlatform.Plugins.Gated;

/// <summary>Options of the gated SAE: the shared ones plus how the auxiliary reconstruction is differentiated.</summary>
public sealed class GatedOptions : SaeArchitectureOptions
{
    /// <summary>
    /// Use stop-gradient copies of W_dec and b_dec in the auxiliary loss, as in the paper. Default false
    /// (SAELens does not detach, so the auxiliary loss also trains the decoder).
    /// </summary>
    [Description("Stop gradients to W_dec and b_dec through the auxiliary loss (the paper's choice; SAELens does not).")]
    public bool DetachAuxDecoder { get; set; }
}
