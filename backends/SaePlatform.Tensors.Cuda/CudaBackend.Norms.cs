using SaePlatform.Tensors.Backends;

namespace SaePlatform.Tensors.Cuda;

public sealed partial class CudaBackend
{
    /// <inheritdoc />
    public void L2Norm(Tensor x, Tensor y) =>
        throw new NotImplementedException("L2Norm is not written for the CUDA backend yet.");

    /// <inheritdoc />
    public void L2NormGrad(Tensor x, Tensor norm, Tensor gradOutput, float beta, Tensor gradInput) =>
        throw new NotImplementedException("L2NormGrad is not written for the CUDA backend yet.");
}
