using ILGPU;

namespace SaePlatform.Tensors.Cuda.Kernels;

/// <summary>
/// Row-major GEMM on device memory: C[m, n] = alpha * op(A) * op(B) + beta * C, with A stored [m, k] (or [k, m] when
/// transposed) and B stored [k, n] (or [n, k]); beta 0 ignores C's contents (NaN included). m, n and k are positive.
/// </summary>
internal interface IGemmEngine
{
    /// <summary>What computes it, e.g. "cuBLASLt 12.4 fp32".</summary>
    string Name { get; }

    void Gemm(bool transposeA, bool transposeB, int m, int n, int k, float alpha, ArrayView<float> a, ArrayView<float> b, float beta, ArrayView<float> c);
}
