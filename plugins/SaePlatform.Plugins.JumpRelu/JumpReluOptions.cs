using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using SaePlatform.Contracts.Architectures;

namespace SaePlatform.Plugins.JumpRelu;

/// <summary>The JumpReLU sparsity term (SAE_REFERENCE.md "jumprelu").</summary>
public enum JumpReluSparsityLoss
{
    /// <summary>L0 = sum_i H(h_i - theta_i), trained through the rectangle-kernel pseudo-gradient.</summary>
    Step,
    /// <summary>sum_i tanh(c * f_i * ||W_dec,i||), a smooth L0 surrogate.</summary>
    Tanh,
}

/// <summary>Options of the JumpReLU SAE: the shared ones plus threshold, kernel bandwidth and sparsity term.</summary>
public sealed class JumpReluOptions : SaeArchitectureOptions
{
    /// <summary>Initial value of every threshold theta_i (a direct fp32 parameter). Default 0.01.</summary>
    [Range(0.0, 1e6)]
    [Description("Initial per-feature threshold theta (trained directly, not through its logarithm).")]
    public double ThresholdInit { get; set; } = 0.01;

    /// <summary>Width eps of the rectangle kernel of the threshold pseudo-gradient. Default 0.05.</summary>
    [Range(1e-9, 1e6)]
    [Description("Bandwidth eps of the rectangle kernel K((h - theta)/eps) in the threshold pseudo-gradient.")]
    public double Bandwidth { get; set; } = 0.05;

    /// <summary>Sparsity term when the config names no penalty: step (L0) or tanh. Default step.</summary>
    [Description("Sparsity term when no penalty is configured: step (L0 with pseudo-gradient) or tanh (sum tanh(c f ||W_dec||)).")]
    public JumpReluSparsityLoss SparsityLoss { get; set; } = JumpReluSparsityLoss.Step;

    /// <summary>Scale c of the tanh sparsity term. Default 4.</summary>
    [Range(1e-9, 1e6)]
    [Description("Scale c in tanh(c * f_i * ||W_dec,i||) for sparsity_loss: tanh.")]
    public double TanhScale { get; set; } = 4;

    /// <summary>
    /// Weight c of the pre-activation loss on dead features (Anthropic's, as SAELens's <c>pre_act_loss_coefficient</c>):
    /// c * mean_b sum_i ReLU(theta_i - h_bi) * dead_i * ||W_dec,i||, which pulls the pre-activations of features dead for
    /// training.dead_feature_window steps up towards their thresholds. Default null (off), as in SAELens; Anthropic used 3e-6.
    /// </summary>
    [Range(0.0, 1e6)]
    [Description("Weight of the pre-activation loss that pulls dead features' h up to their thresholds (SAELens pre_act_loss_coefficient; null = off, Anthropic used 3e-6).")]
    public double? PreActLossCoefficient { get; set; }
}
