using SaePlatform.Tensors;
using SaePlatform.Tensors.Sparse;

namespace SaePlatform.Contracts.Architectures;

/// <summary>One named loss term; the runtime sums all terms into <c>losses/overall_loss</c>.</summary>
/// <param name="MetricName">History key, e.g. <c>losses/mse_loss</c> (see <see cref="Runs.MetricNames"/>).</param>
/// <param name="Value">Scalar tensor, already weighted by its coefficient, carrying the gradient.</param>
public readonly record struct LossTerm(string MetricName, Tensor Value);

/// <summary>Result of <see cref="ISaeArchitecture.Forward"/>.</summary>
public sealed class SaeForwardResult
{
    /// <summary>Creates a result with dense features.</summary>
    public SaeForwardResult(Tensor reconstruction, Tensor features, IReadOnlyList<LossTerm> losses)
    {
        Reconstruction = reconstruction;
        DenseFeatures = features;
        Losses = losses;
    }

    /// <summary>Creates a result with sparse (CSR) features.</summary>
    public SaeForwardResult(Tensor reconstruction, SparseRows features, IReadOnlyList<LossTerm> losses)
    {
        Reconstruction = reconstruction;
        SparseFeatures = features;
        Losses = losses;
    }

    /// <summary>x_hat [B, d_in], in the same (normalised) space as the input.</summary>
    public Tensor Reconstruction { get; }

    /// <summary>Feature activations [B, d_sae] when the architecture computes them densely.</summary>
    public Tensor? DenseFeatures { get; }

    /// <summary>Feature activations in CSR form when the architecture computes them sparsely.</summary>
    public SparseRows? SparseFeatures { get; }

    /// <summary>Named loss terms (at least one). Their sum is the training loss.</summary>
    public IReadOnlyList<LossTerm> Losses { get; }
}
