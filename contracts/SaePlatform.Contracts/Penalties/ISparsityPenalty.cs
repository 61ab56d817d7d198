using SaePlatform.Tensors;

namespace SaePlatform.Contracts.Penalties;

/// <summary>A sparsity penalty on feature activations, chosen by <c>penalty.type</c>.</summary>
public interface ISparsityPenalty
{
    /// <summary>History key of the weighted term; default <c>losses/l1_loss</c> (SAELens's key).</summary>
    string MetricName => Runs.MetricNames.SparsityLoss;

    /// <summary>
    /// The unweighted penalty as a scalar tensor (mean over rows), differentiable in both arguments.
    /// The architecture multiplies it by the current sparsity coefficient.
    /// </summary>
    /// <param name="features">Activations [B, d_sae].</param>
    /// <param name="decoderRowNorms">||W_dec,i|| per feature [d_sae] for decoder-weighted penalties, or null.</param>
    Tensor Compute(Tensor features, Tensor? decoderRowNorms);
}
