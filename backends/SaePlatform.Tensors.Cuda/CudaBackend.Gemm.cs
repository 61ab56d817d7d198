using ILGPU;
using ILGPU.Runtime;
using SaePlatform.Tensors.Cuda.Kernels;

namespace SaePlatform.Tensors.Cuda;

public sealed partial class CudaBackend
{
    private Action<Index1D, ArrayView<float>, float>? _scaleOrZero;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">A tensor is not 2-D or the shapes do not match.</exception>
    public void Gemm(bool transposeA, bool transposeB, float alpha, Tensor a, Tensor b, float beta, Tensor c)
    {
        if (a.Rank != 2 || b.Rank != 2 || c.Rank != 2)
            throw new ArgumentException($"Gemm needs 2-D tensors, got {a.ShapeString}, {b.ShapeString} and {c.ShapeString}.");
        int m = transposeA ? a.Cols : a.Rows, k = transposeA ? a.Rows : a.Cols;
        int kb = transposeB ? b.Cols : b.Rows, n = transposeB ? b.Rows : b.Cols;
        if (k != kb || c.Rows != m || c.Cols != n)
            throw new ArgumentException(
                $"Gemm shapes do not match: {a.ShapeString}{(transposeA ? "^T" : "")} @ {b.ShapeString}{(transposeB ? "^T" : "")} into {c.ShapeString}.");
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
