using ILGPU;
using ILGPU.Runtime;
using SaePlatform.Tensors.Backends;
using SaePlatform.Tensors.Cuda.Kernels;

namespace SaePlatform.Tensors.Cuda;

public sealed partial class CudaBackend
{
    private Action<Index1D, ArrayView<float>, float>? _scaleOrZero;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">A tensor is not 2-D or the shapes do not match.</exception>
    public void Gemm(bool transposeA, bool transposeB, float alpha, Tensor a, Tensor b, float beta, Tensor c)
    {
        var (m, n, k) = GemmShape.Of(transposeA, transposeB, a, b, c);
        var (va, vb, vc) = (V(a, nameof(Gemm)), V(b, nameof(Gemm)), V(c, nameof(Gemm)));
        if (m == 0 || n == 0) return;
        if (k == 0)
        {
            // An empty product: C = beta * C (beta 0 ignores C's prior contents, NaN included).
            (_scaleOrZero ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, float>(CoreKernels.ScaleOrZero))(c.Length, vc, beta);
            return;
        }
        _gemm.Gemm(transposeA, transposeB, m, n, k, alpha, va, vb, beta, vc);
    }
}
