using System.ComponentModel;
using SaePlatform.Contracts.Components;
using SaePlatform.Contracts.Penalties;
using SaePlatform.Tensors;

namespace SaePluginTemplate;

/// <summary>Options of the penalty.</summary>
public sealed class PenaltyOptions
{
    /// <summary>Exponent p of the L_p penalty.</summary>
    [Description("Exponent p of sum_i |f_i|^p.")]
    public double P { get; set; } = 1.0;
}

/// <summary>An L_p penalty to start from: mean over rows of sum_i |f_i|^p (times ||W_dec,i|| when given).</summary>
[SparsityPenalty("COMPONENT_ID", Description = "TODO: describe the penalty.")]
public sealed class Penalty(PenaltyOptions options) : ISparsityPenalty
{
    /// <inheritdoc />
    public Tensor Compute(Tensor features, Tensor? decoderRowNorms)
    {
        var magnitude = Ops.Pow(Ops.Abs(features), (float)options.P);
        if (decoderRowNorms is not null) magnitude = Ops.Mul(magnitude, Ops.Reshape(decoderRowNorms, 1, decoderRowNorms.Length));
        return Ops.MulScalar(Ops.Sum(magnitude), 1f / features.Rows);
    }
}
