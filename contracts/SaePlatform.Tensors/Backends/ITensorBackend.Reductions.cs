namespace SaePlatform.Tensors.Backends;

// Sums between a tensor and a broadcast shape. Results are deterministic: the work is cut into
// chunks that depend only on the shapes, partial sums are accumulated in float64 and combined in a
// fixed order, so the same inputs give the same bits on every run and thread count.
public partial interface ITensorBackend
{
    /// <summary>
    /// y = alpha * (x summed down to y's shape) + beta * y. y broadcasts to x: a scalar sums everything,
    /// [n] or [1, n] sums over rows (column sums), [m, 1] sums over columns (row sums), x's own shape copies.
    /// </summary>
    void ReduceSum(Tensor x, float alpha, float beta, Tensor y);

    /// <summary>y = alpha * (x broadcast to y's shape) + beta * y; the adjoint of <see cref="ReduceSum"/>.</summary>
    void Expand(Tensor x, float alpha, float beta, Tensor y);

    /// <summary>
    /// y (a scalar) = (float)(scale * sum_j (double)a[j] * b[j]) over two tensors of equal length, accumulated in
    /// float64 in index order.
    /// </summary>
    void Dot(Tensor a, Tensor b, float scale, Tensor y);
}
