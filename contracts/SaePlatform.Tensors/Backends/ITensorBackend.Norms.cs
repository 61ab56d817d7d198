namespace SaePlatform.Tensors.Backends;

public partial interface ITensorBackend
{
    /// <summary>
    /// Euclidean norms of x down to y's shape (as in <see cref="ReduceSum"/>): y [m, 1] holds row norms,
    /// [n] or [1, n] column norms, a scalar the Frobenius norm. Deterministic, accumulated in float64.
    /// </summary>
    void L2Norm(Tensor x, Tensor y);

    /// <summary>
    /// Gradient of <see cref="L2Norm"/>: gradInput = x * (gradOutput / norm) broadcast to x's shape, plus
    /// beta * gradInput; 0 where the norm is 0 (the subgradient PyTorch uses), never NaN.
    /// </summary>
    void L2NormGrad(Tensor x, Tensor norm, Tensor gradOutput, float beta, Tensor gradInput);
}
