using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
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

    /// <summary>
    /// A training step whose batch has at most this fraction of gates open keeps the gate activity and the features
    /// sparse: both decoders and every gradient but the encoder's forward GEMM then cost in proportion to the open
    /// gates; 0 always stays dense. The result is the same up to float32 summation order. Default 0.05, where a
    /// sparse step measured clearly faster than a dense one (the standard SAE breaks even near 8 %).
    /// </summary>
    [Description("Run a step sparsely when at most this fraction of gates are open (0 = always dense).")]
    [Range(0.0, 1.0)]
    public double SparseBelow { get; set; } = 0.05;
}
