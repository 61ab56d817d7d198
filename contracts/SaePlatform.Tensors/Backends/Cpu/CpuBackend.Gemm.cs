namespace SaePlatform.Tensors.Backends.Cpu;

public sealed partial class CpuBackend
{
    // Placeholder naive GEMM; replaced by the OpenBLAS + managed SIMD implementation.
    private static string GemmProviderName => "naive";

    /// <inheritdoc />
    public void Gemm(bool transposeA, bool transposeB, float alpha, Tensor a, Tensor b, float beta, Tensor c)
    {
        int m = transposeA ? a.Cols : a.Rows, k = transposeA ? a.Rows : a.Cols;
        int n = transposeB ? b.Rows : b.Cols;
        var A = a.Span; var B = b.Span; var C = c.Span;
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                float s = 0;
                for (int p = 0; p < k; p++)
                    s += (transposeA ? A[p * a.Cols + i] : A[i * a.Cols + p]) * (transposeB ? B[j * b.Cols + p] : B[p * b.Cols + j]);
                C[i * n + j] = alpha * s + (beta == 0 ? 0 : beta * C[i * n + j]);
            }
    }
}
