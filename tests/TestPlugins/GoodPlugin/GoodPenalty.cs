using SaePlatform.Contracts.Components;
using SaePlatform.Contracts.Penalties;
using SaePlatform.Tensors;

namespace GoodPlugin;

/// <summary>A penalty without options (parameterless constructor); returns its input.</summary>
[SparsityPenalty("good_penalty")]
public sealed class GoodPenalty : ISparsityPenalty
{
    /// <inheritdoc />
    public Tensor Compute(Tensor features, Tensor? decoderRowNorms) => features;
}
