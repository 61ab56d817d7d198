using SaePlatform.Tensors.Sparse;

namespace SaePlatform.Tensors.Backends;

// Sparse kernels of the SAE activations (TopK, BatchTopK, sparse decode/encode, JumpReLU).
// A CSR "pattern" supplies rows, cols, RowOffsets and Indices; the values a kernel reads are passed
// separately so one pattern serves forward values and their gradients alike. Indices within a row
// are ascending for every pattern these kernels produce.
public partial interface ITensorBackend
{
    /// <summary>
    /// Per row of <paramref name="scores"/> [rows, n], writes the column indices of the <paramref name="k"/>
    /// largest entries, ascending, to <c>indices[row * k .. row * k + k)</c>. The score of column j is
    /// <c>scores[row, j] * columnScale[j]</c> when a scale is given. Only the columns listed in
    /// <paramref name="candidates"/> (ascending) compete when it is given (then k must not exceed their count).
    /// Ties go to the lower column index.
    /// </summary>
    void TopKSelect(Tensor scores, int k, Tensor? columnScale, IndexTensor? candidates, IndexTensor indices);

    /// <summary>
    /// Selects exactly <paramref name="count"/> entries of the whole matrix <paramref name="h"/> [rows, n]
    /// (0 &lt;= count &lt;= rows * n) as CSR structure, columns ascending within each row: the <paramref name="count"/>
    /// largest strictly positive entries, ties to the lower row-major position; when fewer are positive, all of them
    /// and then the first non-positive entries (NaN included) in row-major order, which a ReLU stores as explicit
    /// zeros. The count is the caller's, so the host sizes the codes without reading anything back.
    /// </summary>
    /// <param name="h">The matrix [rows, n].</param>
    /// <param name="count">How many entries to select.</param>
    /// <param name="rowOffsets">Written: [rows + 1] offsets.</param>
    /// <param name="indices">Written: [count] column indices.</param>
    /// <param name="smallest">Written: [1], the smallest selected positive value, NaN when none is positive (where
    /// the tensors live: nothing is read back).</param>
    void BatchTopKSelect(Tensor h, int count, IndexTensor rowOffsets, IndexTensor indices, Tensor smallest);

    /// <summary>
    /// The strictly positive (and NaN) entries of <paramref name="y"/> [rows, n] as CSR structure, columns
    /// ascending within each row, given each row's count of them and their total <paramref name="count"/> (as
    /// <see cref="BiasRelu"/> reports both).
    /// </summary>
    void SelectPositive(Tensor y, Tensor rowCounts, int count, out IndexTensor rowOffsets, out IndexTensor indices);

    /// <summary><c>values[e] = dense[row(e), idx(e)]</c>, optionally through ReLU.</summary>
    void SparseGather(Tensor dense, SparseRows pattern, bool relu, Tensor values);

    /// <summary><c>dense[row(e), idx(e)] += values[e]</c> for every stored entry.</summary>
    void SparseScatterAdd(SparseRows pattern, Tensor values, Tensor dense);

    /// <summary>ReLU backward on stored values: <c>result[e] = values[e] &gt; 0 ? grad[e] : 0</c>.</summary>
    void SparseReluGrad(Tensor grad, Tensor values, Tensor result);

    /// <summary>
    /// Sparse times dense: <c>result = beta * result + S @ W (+ bias)</c>, S the pattern with
    /// <paramref name="values"/> [rows, n]. W is [n, d], or [d, n] when <paramref name="transposeW"/>
    /// (then S @ W^T). Result is [rows, d]; beta 0 ignores its prior contents.
    /// </summary>
    void SparseMatMul(SparseRows pattern, Tensor values, Tensor w, bool transposeW, Tensor? bias, float beta, Tensor result);

    /// <summary>
    /// Gradient of the stored values of <c>S @ W</c>: <c>result[e] = beta * result[e] + dot(dense[row(e), :], W[idx(e), :])</c>
    /// with dense [rows, d] and W [n, d].
    /// </summary>
    void SparseRowDots(SparseRows pattern, Tensor dense, Tensor w, float beta, Tensor result);

    /// <summary>
    /// Transposed sparse times dense: <c>R = S^T @ dense</c> with dense [rows, d]; written to result [n, d],
    /// or to result [d, n] as <c>dense^T @ S</c> when <paramref name="transposeResult"/>. With beta 1 only
    /// the features that occur in S are touched; with beta 0 every element is written.
    /// </summary>
    void SparseTransposeMatMul(SparseRows pattern, Tensor values, Tensor dense, bool transposeResult, float beta, Tensor result);

    /// <summary>Per-feature sums of stored values: <c>result[j] = beta * result[j] + sum over entries with idx j of values[e]</c>.</summary>
    void SparseColumnSums(SparseRows pattern, Tensor values, float beta, Tensor result);

    /// <summary>
    /// JumpReLU forward on [rows, n] with a per-column threshold: <c>h * 1[h &gt; theta]</c>, or the
    /// Heaviside step <c>1[h &gt; theta]</c> when <paramref name="step"/>.
    /// </summary>
    void JumpReluForward(Tensor h, Tensor threshold, bool step, Tensor result);

    /// <summary>
    /// JumpReLU / step backward with the rectangle-kernel pseudo-gradient (Rajamanoharan et al. 2024):
    /// gradH = betaH * gradH + g * 1[h &gt; theta] (JumpReLU only; pass null for step);
    /// gradThreshold[j] = betaT * gradThreshold[j] + sum over rows of -(c_j / eps) * 1[|h - theta_j| &lt; eps/2] * g,
    /// with c_j = theta_j for JumpReLU and 1 for the step.
    /// </summary>
    void JumpReluBackward(Tensor h, Tensor threshold, float bandwidth, bool step, Tensor grad,
        Tensor? gradH, float betaH, Tensor? gradThreshold, float betaThreshold);
}
