using SaePlatform.Tensors.Optimizers;

namespace SaePlatform.Tensors.Backends;

public partial interface ITensorBackend
{
    /// <summary>
    /// One fused Adam / AdamW update of a whole parameter: a single pass reads the gradient and
    /// updates the first moment, the second moment and the parameter together
    /// (torch.optim.Adam / AdamW single-tensor update rules; see <see cref="AdamStepScalars"/>).
    /// All four tensors have the same element count.
    /// </summary>
    void AdamStep(Tensor parameter, Tensor gradient, Tensor expAvg, Tensor expAvgSq, in AdamStepScalars scalars);

    /// <summary>
    /// One fused SGD update (torch.optim.SGD): optional L2 weight decay, optional momentum buffer
    /// (initialised to the gradient on the parameter's first step), optional Nesterov.
    /// <paramref name="momentumBuffer"/> is null when momentum is 0.
    /// </summary>
    void SgdStep(Tensor parameter, Tensor gradient, Tensor? momentumBuffer, in SgdStepScalars scalars);

    /// <summary>
    /// Sum of squares of all elements accumulated in float64. Deterministic: the result depends only
    /// on the values, never on the number of threads (fixed chunks, fixed lane order, exact products).
    /// </summary>
    double SumOfSquaresF64(Tensor tensor);

    /// <summary>
    /// The sum of squares of every element of <paramref name="tensors"/>: each tensor's as <see cref="SumOfSquaresF64(Tensor)"/>
    /// computes it, added in list order in float64, and written to <paramref name="result"/> [2] as the float64's bits
    /// (<see cref="Storage.Float64Bits"/>), so it stays on the device until host code reads it with other values.
    /// </summary>
    void SumOfSquaresF64(IReadOnlyList<Tensor> tensors, Tensor result);

    /// <summary>Multiplies every element of <paramref name="tensor"/> by <paramref name="factor"/> in place.</summary>
    void ScaleInPlace(Tensor tensor, float factor);

    /// <summary>Writes the L2 norm of each row of the 2-D <paramref name="matrix"/> into <paramref name="norms"/> (length = rows).</summary>
    void RowL2Norms(Tensor matrix, Tensor norms);

    /// <summary>Rescales each row of the 2-D <paramref name="matrix"/> to L2 norm <paramref name="norm"/>; all-zero rows are left unchanged.</summary>
    void NormalizeRowsInPlace(Tensor matrix, float norm);

    /// <summary>
    /// For each row i of the 2-D <paramref name="weight"/>: g_i -= (g_i . w_i / ||w_i||^2) w_i, where g is
    /// <paramref name="gradient"/> (same shape). Rows of w that are all zero leave their gradient row unchanged.
    /// </summary>
    void RemoveParallelRowComponent(Tensor weight, Tensor gradient);
}
