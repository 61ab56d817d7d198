using SaePlatform.Contracts.Components;
using SaePlatform.Contracts.Penalties;
using SaePlatform.Tensors;

namespace SaePlatform.Plugins.Penalties;

/// <summary>mean over rows of sum_i |f_i| (times ||W_dec,i|| when weighted), SAE_REFERENCE.md "l1".</summary>
[SparsityPenalty("l1", Description = "L1 of feature activations, optionally weighted by decoder row norms.")]
public sealed class L1Penalty(L1Options options) : ISparsityPenalty
{
    /// <inheritdoc />
    public Tensor Compute(Tensor features, Tensor? decoderRowNorms)
    {
        var magnitudes = Ops.Abs(features);
        if (options.WeightByDecoderNorm && decoderRowNorms is not null)
            return Ops.Mean(Ops.MatMul(magnitudes, Ops.Reshape(decoderRowNorms, decoderRowNorms.Length, 1)));
        return Ops.MulScalar(Ops.Sum(magnitudes), 1f / features.Rows);
    }
}
