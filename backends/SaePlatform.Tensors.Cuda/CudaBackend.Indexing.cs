using SaePlatform.Tensors.Backends;

namespace SaePlatform.Tensors.Cuda;

public sealed partial class CudaBackend
{
    /// <inheritdoc />
    public void GatherRows(Tensor x, IndexTensor rows, Tensor y) =>
        throw new NotImplementedException("GatherRows is not written for the CUDA backend yet.");

    /// <inheritdoc />
    public void ScatterAddRows(Tensor x, IndexTensor rows, Tensor y) =>
        throw new NotImplementedException("ScatterAddRows is not written for the CUDA backend yet.");

    /// <inheritdoc />
    public void GatherColumns(Tensor x, IndexTensor columns, Tensor y) =>
        throw new NotImplementedException("GatherColumns is not written for the CUDA backend yet.");

    /// <inheritdoc />
    public void ScatterAddColumns(Tensor x, IndexTensor columns, Tensor y) =>
        throw new NotImplementedException("ScatterAddColumns is not written for the CUDA backend yet.");
}
