namespace SaePlatform.Tensors.Backends;

// Element-wise kernels. Broadcasting follows NumPy on rank <= 2 shapes aligned from the right: an
// operand of shape [n] or [1, n] repeats over rows, [m, 1] over columns, a scalar (or any one-element
// shape) everywhere. Every "beta" argument follows the GEMM convention: the destination becomes
// result + beta * destination, and beta 0 ignores its prior contents (NaN included).
public partial interface ITensorBackend
{
    /// <summary>y = a (op) b, with a and b broadcast to y's shape.</summary>
    void Binary(BinaryOp op, Tensor a, Tensor b, Tensor y);

    /// <summary>
    /// Gradient of y = a (op) b with respect to operand <paramref name="operand"/> (0 = a, 1 = b), given
    /// the output gradient <paramref name="gradOutput"/> (shaped like y). Summed over the axes along which
    /// that operand was broadcast, so <paramref name="gradInput"/> has the operand's shape.
    /// </summary>
    void BinaryGrad(BinaryOp op, int operand, Tensor gradOutput, Tensor a, Tensor b, float beta, Tensor gradInput);

    /// <summary>y = f(x) element-wise (y may be x). <paramref name="p"/> and <paramref name="q"/> are the op's parameters.</summary>
    void Unary(UnaryOp op, Tensor x, float p, float q, Tensor y);

    /// <summary>
    /// gradInput = gradOutput * f'(x) + beta * gradInput, where <paramref name="y"/> = f(x) is the forward output
    /// (some derivatives are cheaper from it).
    /// </summary>
    void UnaryGrad(UnaryOp op, Tensor gradOutput, Tensor x, Tensor y, float p, float q, float beta, Tensor gradInput);

    /// <summary>y = mask != 0 ? a : b, all four the same shape.</summary>
    void Where(Tensor mask, Tensor a, Tensor b, Tensor y);

    /// <summary>
    /// gradInput = (mask != 0) == <paramref name="whereTrue"/> ? gradOutput : 0, plus beta * gradInput.
    /// </summary>
    void WhereGrad(Tensor mask, Tensor gradOutput, bool whereTrue, float beta, Tensor gradInput);
}
