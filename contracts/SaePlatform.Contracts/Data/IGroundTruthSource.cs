using SaePlatform.Tensors;

namespace SaePlatform.Contracts.Data;

/// <summary>
/// Implemented by sources with known generating features (the synthetic toy), so evaluation can measure
/// how well the SAE's decoder rows recover them.
/// </summary>
public interface IGroundTruthSource
{
    /// <summary>The true feature directions, [n_features, d_in], unit rows.</summary>
    Tensor TrueFeatures { get; }
}
