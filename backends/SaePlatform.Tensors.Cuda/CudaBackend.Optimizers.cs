using SaePlatform.Tensors.Backends;
using SaePlatform.Tensors.Optimizers;

namespace SaePlatform.Tensors.Cuda;

public sealed partial class CudaBackend
{
    /// <inheritdoc />
    public void AdamStep(Tensor parameter, Tensor gradient, Tensor expAvg, Tensor expAvgSq, in AdamStepScalars scalars) =>
        throw new NotImplementedException("AdamStep is not written for the CUDA backend yet.");

    /// <inheritdoc />
    public void SgdStep(Tensor parameter, Tensor gradient, Tensor? momentumBuffer, in SgdStepScalars scalars) =>
        throw new NotImplementedException("SgdStep is not written for the CUDA backend yet.");

    /// <inheritdoc />
    public double SumOfSquaresF64(Tensor tensor) =>
        throw new NotImplementedException("SumOfSquaresF64 is not written for the CUDA backend yet.");

    /// <inheritdoc />
    public void SumOfSquaresF64(IReadOnlyList<Tensor> tensors, Tensor result) =>
        throw new NotImplementedException("SumOfSquaresF64 is not written for the CUDA backend yet.");

    /// <inheritdoc />
    public void ScaleInPlace(Tensor tensor, float factor) =>
        throw new NotImplementedException("ScaleInPlace is not written for the CUDA backend yet.");

    /// <inheritdoc />
    public void RowL2Norms(Tensor matrix, Tensor norms) =>
        throw new NotImplementedException("RowL2Norms is not written for the CUDA backend yet.");

    /// <inheritdoc />
    public void NormalizeRowsInPlace(Tensor matrix, float norm) =>
        throw new NotImplementedException("NormalizeRowsInPlace is not written for the CUDA backend yet.");

    /// <inheritdoc />
    public void RemoveParallelRowComponent(Tensor weight, Tensor gradient) =>
        throw new NotImplementedException("RemoveParallelRowComponent is not written for the CUDA backend yet.");
}
