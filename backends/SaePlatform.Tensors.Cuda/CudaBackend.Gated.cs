using SaePlatform.Tensors.Backends;

namespace SaePlatform.Tensors.Cuda;

public sealed partial class CudaBackend
{
    /// <inheritdoc />
    public void GatedMagnitudeForward(Tensor gate, Tensor bGate, Tensor rMag, Tensor bMag, Tensor features) =>
        throw new NotImplementedException("GatedMagnitudeForward is not written for the CUDA backend yet.");

    /// <inheritdoc />
    public void GatedMagnitudeBackward(Tensor gradFeatures, Tensor gate, Tensor bGate, Tensor rMag, Tensor bMag, Tensor? gradGate, float betaGate, Tensor? gradBGate, float betaBGate, Tensor? gradRMag, float betaRMag, Tensor? gradBMag, float betaBMag) =>
        throw new NotImplementedException("GatedMagnitudeBackward is not written for the CUDA backend yet.");
}
