using SaePlatform.Tensors.Backends;
using SaePlatform.Tensors.Sparse;

namespace SaePlatform.Tensors.Cuda;

public sealed partial class CudaBackend
{
    /// <inheritdoc />
    public void TopKSelect(Tensor scores, int k, Tensor? columnScale, IndexTensor? candidates, IndexTensor indices) =>
        throw new NotImplementedException("TopKSelect is not written for the CUDA backend yet.");

    /// <inheritdoc />
    public float BatchTopKSelect(Tensor h, int count, out IndexTensor rowOffsets, out IndexTensor indices) =>
        throw new NotImplementedException("BatchTopKSelect is not written for the CUDA backend yet.");

    /// <inheritdoc />
    public void SelectPositive(Tensor y, Tensor rowCounts, int count, out IndexTensor rowOffsets, out IndexTensor indices) =>
        throw new NotImplementedException("SelectPositive is not written for the CUDA backend yet.");

    /// <inheritdoc />
    public void SparseGather(Tensor dense, SparseRows pattern, bool relu, Tensor values) =>
        throw new NotImplementedException("SparseGather is not written for the CUDA backend yet.");

    /// <inheritdoc />
    public void SparseScatterAdd(SparseRows pattern, Tensor values, Tensor dense) =>
        throw new NotImplementedException("SparseScatterAdd is not written for the CUDA backend yet.");

    /// <inheritdoc />
    public void SparseReluGrad(Tensor grad, Tensor values, Tensor result) =>
        throw new NotImplementedException("SparseReluGrad is not written for the CUDA backend yet.");

    /// <inheritdoc />
    public void SparseMatMul(SparseRows pattern, Tensor values, Tensor w, bool transposeW, Tensor? bias, float beta, Tensor result) =>
        throw new NotImplementedException("SparseMatMul is not written for the CUDA backend yet.");

    /// <inheritdoc />
    public void SparseRowDots(SparseRows pattern, Tensor dense, Tensor w, float beta, Tensor result) =>
        throw new NotImplementedException("SparseRowDots is not written for the CUDA backend yet.");

    /// <inheritdoc />
    public void SparseTransposeMatMul(SparseRows pattern, Tensor values, Tensor dense, bool transposeResult, float beta, Tensor result) =>
        throw new NotImplementedException("SparseTransposeMatMul is not written for the CUDA backend yet.");

    /// <inheritdoc />
    public void SparseColumnSums(SparseRows pattern, Tensor values, float beta, Tensor result) =>
        throw new NotImplementedException("SparseColumnSums is not written for the CUDA backend yet.");

    /// <inheritdoc />
    public void JumpReluForward(Tensor h, Tensor threshold, bool step, Tensor result) =>
        throw new NotImplementedException("JumpReluForward is not written for the CUDA backend yet.");

    /// <inheritdoc />
    public void JumpReluBackward(Tensor h, Tensor threshold, float bandwidth, bool step, Tensor grad, Tensor? gradH, float betaH, Tensor? gradThreshold, float betaThreshold) =>
        throw new NotImplementedException("JumpReluBackward is not written for the CUDA backend yet.");
}
