using SaePlatform.Contracts.Components;
using SaePlatform.Contracts.Penalties;
using SaePlatform.Tensors;

namespace SaePlatform.Plugins.Penalties;

/// <summary>
/// Hoyer sparsity (SAE_REFERENCE.md "hoyer"; Hoyer 2004): mean over rows of ||f||_1 / ||f||_2. The ratio is
/// scale invariant (it only rewards concentrating a row's mass on few features), so decoder row norms are not used.
/// </summary>
[SparsityPenalty("hoyer", Description = "Scale-invariant Hoyer ratio ||f||_1 / ||f||_2 per row, averaged over rows.")]
public sealed class HoyerPenalty(HoyerOptions options) : ISparsityPenalty
{
    /// <inheritdoc />
    public Tensor Compute(Tensor features, Tensor? decoderRowNorms)
    {
        var l1 = Ops.Sum(Ops.Abs(features), 1);
        var l2 = Ops.AddScalar(Ops.RowNorms(features), (float)options.Eps);
        return Ops.Mean(Ops.Div(l1, l2));
    }
}
