using SaePlatform.Tensors.Backends;

namespace SaePlatform.Tensors.Cuda;

public sealed partial class CudaBackend
{
    /// <inheritdoc />
    public long BiasRelu(Tensor y, Tensor? bias, Tensor? rowCounts) =>
        throw new NotImplementedException("BiasRelu is not written for the CUDA backend yet.");

    /// <inheritdoc />
    public void ReluBackward(Tensor gradOutput, Tensor y, Tensor gradInput, Tensor? biasGrad, float biasBeta) =>
        throw new NotImplementedException("ReluBackward is not written for the CUDA backend yet.");

    /// <inheritdoc />
    public void ReluBackward(Tensor? gradOutput, Tensor y, Tensor addend, float addendScale, Tensor gradInput, Tensor? biasGrad, float biasBeta) =>
        throw new NotImplementedException("ReluBackward is not written for the CUDA backend yet.");

    /// <inheritdoc />
    public void SquaredErrorSum(Tensor a, Tensor b, float alpha, Tensor y) =>
        throw new NotImplementedException("SquaredErrorSum is not written for the CUDA backend yet.");

    /// <inheritdoc />
    public void SquaredErrorGrad(Tensor a, Tensor b, Tensor gradOutput, float alpha, Tensor? gradA, float betaA, Tensor? gradB, float betaB) =>
        throw new NotImplementedException("SquaredErrorGrad is not written for the CUDA backend yet.");
}
