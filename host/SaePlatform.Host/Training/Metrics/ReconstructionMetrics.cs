using SaePlatform.Tensors;
using SaePlatform.Tensors.Autograd;

namespace SaePlatform.Host.Training.Metrics;

/// <summary>Explained variance of a batch, relative to the batch mean (SAE_REFERENCE.md "Known traps").</summary>
internal static class ReconstructionMetrics
{
    /// <summary>
    /// 1 - sum||x - x_hat||^2 / sum||x - mean(x)||^2 over the batch, and the std over rows of the per-row
    /// value 1 - ||x_b - x_hat_b||^2 / ||x_b - mean(x)||^2. Float64 accumulation, on the engine's device
    /// (<see cref="Ops.ReconstructionStatistics"/>).
    /// </summary>
    public static (double ExplainedVariance, double PerRowStd, double SquaredErrorPerRow) Compute(ReadOnlySpan<float> x, ReadOnlySpan<float> xHat, int width)
    {
        if (width <= 0 || x.Length == 0) return (0, 0, double.NaN);
        using var scope = TensorScope.Begin();
        int rows = x.Length / width;
        return Ops.ReconstructionStatistics(Tensor.FromArray(x, rows, width), Tensor.FromArray(xHat, rows, width));
    }
}
