using SaePlatform.Contracts.Components;
using SaePlatform.Contracts.Penalties;
using SaePlatform.Tensors;

namespace SaePlatform.Plugins.Penalties;

/// <summary>
/// tanh sparsity (SAE_REFERENCE.md "tanh"; Anthropic's smooth L0 surrogate): mean over rows of
/// sum_i tanh(c * f_i * ||W_dec,i||), unweighted (tanh(c * f_i)) when no decoder row norms are given.
/// </summary>
[SparsityPenalty("tanh", Description = "Smooth L0 surrogate sum_i tanh(c * f_i * ||W_dec,i||), averaged over rows.")]
public sealed class TanhPenalty(TanhOptions options) : ISparsityPenalty
{
    /// <inheritdoc />
    public Tensor Compute(Tensor features, Tensor? decoderRowNorms)
    {
        var scaled = decoderRowNorms is null ? features : Ops.Mul(features, decoderRowNorms);
        var saturated = Ops.Tanh(Ops.MulScalar(scaled, (float)options.Scale));
        return Ops.MulScalar(Ops.Sum(saturated), 1f / features.Rows);
    }
}
