namespace SaePlatform.Tensors.Backends;

// Fused kernels for the SAE hot path: each makes one pass over [batch, width] memory where the
// unfused composition would make two or three.
public partial interface ITensorBackend
{
    /// <summary>
    /// y = max(0, y + bias) in place, bias [n] (or none) added to every row of y [rows, n]: the output pass of a
    /// linear layer with ReLU, run once after a GEMM with beta 0 instead of pre-filling y with the bias.
    /// </summary>
    /// <param name="y">[rows, n], updated in place.</param>
    /// <param name="bias">[n], or null for none.</param>
    /// <param name="rowCounts">When given ([rows], on the backend's device), receives each row's count of entries left positive
    /// (NaN counted too), exact as float32 (a row has fewer than 2^24 entries).</param>
    /// <returns>How many entries are left positive (NaN counted too): the codes' density comes for free.</returns>
    long BiasRelu(Tensor y, Tensor? bias, Tensor? rowCounts);

    /// <summary>
    /// y = max(0, y + bias) in place, as <see cref="BiasRelu"/> computes it but without counting: on a device the count
    /// would be a read back to the host. The default calls <see cref="BiasRelu"/>.
    /// </summary>
    /// <param name="y">[rows, n], updated in place.</param>
    /// <param name="bias">[n], or null for none.</param>
    void BiasReluInPlace(Tensor y, Tensor? bias) => BiasRelu(y, bias, null);

    /// <summary>
    /// True when ReLU codes should stay dense whatever their sparsity (a GPU: its dense GEMMs beat sparse kernels, and the
    /// choice would cost a read per step), so <see cref="Ops.ReluEncode(Tensor, Tensor, Tensor?, Tensor?, double)"/> never
    /// asks for the count of positive entries. Default false.
    /// </summary>
    bool PrefersDenseCodes => false;

    /// <summary>
    /// Backward of y = ReLU(pre): gradInput = gradOutput where y &gt; 0, else 0 (gradInput may be
    /// gradOutput), and in the same pass, when <paramref name="biasGrad"/> is given, its column sums:
    /// biasGrad = colsum(gradInput) + biasBeta * biasGrad (deterministic).
    /// </summary>
    void ReluBackward(Tensor gradOutput, Tensor y, Tensor gradInput, Tensor? biasGrad, float biasBeta);

    /// <summary>
    /// <see cref="ReluBackward(Tensor, Tensor, Tensor, Tensor?, float)"/> with a per-column term added to the output
    /// gradient first: gradInput = gradOutput + addendScale * addend[j] where y &gt; 0, else 0. This is the gradient of
    /// a penalty sum_j addend[j] * y[i, j] (times addendScale) merged into the ReLU's pass, so the penalty never
    /// broadcasts into its own [rows, n] buffer.
    /// </summary>
    /// <param name="gradOutput">[rows, n], or null when y has no other gradient (read as zeros).</param>
    /// <param name="y">The ReLU's output [rows, n].</param>
    /// <param name="addend">[n].</param>
    /// <param name="addendScale">Multiplies <paramref name="addend"/>.</param>
    /// <param name="gradInput">[rows, n]; may be <paramref name="gradOutput"/>.</param>
    /// <param name="biasGrad">When given, colsum(gradInput) + biasBeta * biasGrad (deterministic).</param>
    /// <param name="biasBeta">Beta of <paramref name="biasGrad"/>.</param>
    void ReluBackward(Tensor? gradOutput, Tensor y, Tensor addend, float addendScale, Tensor gradInput, Tensor? biasGrad, float biasBeta);

    /// <summary>y (a scalar) = alpha * sum((a - b)^2), accumulated in float64 in a fixed order.</summary>
    void SquaredErrorSum(Tensor a, Tensor b, float alpha, Tensor y);

    /// <summary>
    /// Gradients of alpha * sum((a - b)^2) scaled by the scalar <paramref name="gradOutput"/>, in one pass:
    /// gradA = 2 alpha g (a - b) + betaA * gradA, gradB = -2 alpha g (a - b) + betaB * gradB. Either may be null.
    /// </summary>
    void SquaredErrorGrad(Tensor a, Tensor b, Tensor gradOutput, float alpha, Tensor? gradA, float betaA, Tensor? gradB, float betaB);
}
