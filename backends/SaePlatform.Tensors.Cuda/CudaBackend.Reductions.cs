using SaePlatform.Tensors.Backends;

namespace SaePlatform.Tensors.Cuda;

public sealed partial class CudaBackend
{
    /// <inheritdoc />
    public void ReduceSum(Tensor x, float alpha, float beta, Tensor y) =>
        throw new NotImplementedException("ReduceSum is not written for the CUDA backend yet.");

    /// <inheritdoc />
    public void Expand(Tensor x, float alpha, float beta, Tensor y) =>
        throw new NotImplementedException("Expand is not written for the CUDA backend yet.");

    /// <inheritdoc />
    public void Dot(Tensor a, Tensor b, float scale, Tensor y) =>
        throw new NotImplementedException("Dot is not written for the CUDA backend yet.");

    /// <inheritdoc />
    public void CountNonZeroColumns(Tensor x, Tensor counts) =>
        throw new NotImplementedException("CountNonZeroColumns is not written for the CUDA backend yet.");

    /// <inheritdoc />
    public void SparseCountNonZero(Sparse.SparseRows pattern, Tensor values, Tensor counts) =>
        throw new NotImplementedException("SparseCountNonZero is not written for the CUDA backend yet.");

    /// <inheritdoc />
    public void ReconstructionStatistics(Tensor x, Tensor xHat, Tensor result) =>
        throw new NotImplementedException("ReconstructionStatistics is not written for the CUDA backend yet.");

    /// <inheritdoc />
    public void GhostGradScales(Tensor residual, Tensor ghost, double epsilon, Tensor scale, Tensor residualMse) =>
        throw new NotImplementedException("GhostGradScales is not written for the CUDA backend yet.");

    /// <inheritdoc />
    public void DivideF64(Tensor numerator, Tensor denominator, double epsilon, Tensor result) =>
        throw new NotImplementedException("DivideF64 is not written for the CUDA backend yet.");
}
