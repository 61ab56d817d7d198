using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using SaePlatform.Contracts.Architectures;

namespace PAnnealingSae;

/// <summary>Options of <see cref="PAnnealingArchitecture"/>: the shared SAE options plus the p schedule.</summary>
public sealed class PAnnealingOptions : SaeArchitectureOptions
{
    /// <summary>p at the first step. Default 1 (plain L1).</summary>
    [Description("Exponent p of the penalty at the first step.")]
    [Range(0.05, 2.0)]
    public double PStart { get; set; } = 1.0;

    /// <summary>p at the last step. Default 0.5.</summary>
    [Description("Exponent p of the penalty at the last step (linear schedule in between).")]
    [Range(0.05, 2.0)]
    public double PEnd { get; set; } = 0.5;

    /// <summary>Offset inside the power so its gradient stays finite at zero activations.</summary>
    [Description("epsilon in (a + epsilon)^p - epsilon^p, which keeps the gradient finite at a = 0.")]
    [Range(1e-8, 1.0)]
    public double Epsilon { get; set; } = 1e-3;
}
