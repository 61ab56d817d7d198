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

    /// <summary>
    /// counts[j] = the number of rows i with x[i, j] != 0 (NaN counts), for x [rows, n] and counts [n]: how often each
    /// feature fired in a batch. Exact while rows &lt; 2^24.
    /// </summary>
    void CountNonZeroColumns(Tensor x, Tensor counts);

    /// <summary>
    /// counts[j] = the number of stored entries of column j whose value is != 0 (NaN counts), counts [pattern cols]:
    /// <see cref="CountNonZeroColumns"/> for CSR codes.
    /// </summary>
    void SparseCountNonZero(Sparse.SparseRows pattern, Tensor values, Tensor counts);

    /// <summary>
    /// How well <paramref name="xHat"/> reconstructs <paramref name="x"/> (both [rows, d]), relative to the batch mean, in
    /// float64: the explained variance 1 - sum||x - x_hat||^2 / sum||x - mean(x)||^2 (0 when the variance is 0), the
    /// std over rows of the per-row value 1 - ||x_b - x_hat_b||^2 / ||x_b - mean(x)||^2 (0 for a row without variance),
    /// and sum||x - x_hat||^2 / rows. Written to <paramref name="result"/> [6] as three float64 values, each as the two
    /// float32 halves of its bits (<see cref="Storage.Float64Bits"/>), so that they stay exact.
    /// </summary>
    void ReconstructionStatistics(Tensor x, Tensor xHat, Tensor result);

    /// <summary>
    /// The per-row scales of ghost grads (Jermyn and Templeton 2024) for the residual r and the ghost output g (both
    /// [rows, d]): <c>scale[b] = (float)(||r_b|| / (2 ||g_b|| + epsilon))</c> with float64 norms, into
    /// <paramref name="scale"/> [rows, 1], and the residual's mean squared row norm <c>sum_b ||r_b||^2 / max(1, rows)</c>
    /// into <paramref name="residualMse"/> [2] as float64 bits (<see cref="Storage.Float64Bits"/>).
    /// </summary>
    void GhostGradScales(Tensor residual, Tensor ghost, double epsilon, Tensor scale, Tensor residualMse);

    /// <summary>
    /// result (a scalar) = (float)(numerator / ((double)denominator + epsilon)), the numerator a float64 bit pair [2]
    /// (<see cref="Storage.Float64Bits"/>) and the denominator a scalar: a ratio of a step's values that stays on the device.
    /// </summary>
    void DivideF64(Tensor numerator, Tensor denominator, double epsilon, Tensor result);
}
