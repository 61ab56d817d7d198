namespace SaePlatform.Tensors.Backends.Cpu.Gemm;

/// <summary>Argument checks and the degenerate (nothing to multiply) case shared by the GEMM providers.</summary>
internal static class GemmArguments
{
    /// <summary>
    /// Checks that row-major op(A) [m, k], op(B) [k, n] and C [m, n] with the given row strides fit in
    /// their buffers, so the unsafe kernels never read or write outside them.
    /// </summary>
    /// <exception cref="ArgumentException">A dimension is negative, a stride too small or a buffer too short.</exception>
    public static void Validate(bool transposeA, bool transposeB, int m, int n, int k,
        int aLength, int lda, int bLength, int ldb, int cLength, int ldc)
    {
        if (m < 0 || n < 0 || k < 0)
            throw new ArgumentException($"GEMM dimensions must be non-negative, got m={m}, n={n}, k={k}.");
        CheckMatrix("A", transposeA ? k : m, transposeA ? m : k, aLength, lda);
        CheckMatrix("B", transposeB ? n : k, transposeB ? k : n, bLength, ldb);
        CheckMatrix("C", m, n, cLength, ldc);
    }

    private static void CheckMatrix(string name, int rows, int cols, int length, int ld)
    {
        if (ld < Math.Max(1, cols))
            throw new ArgumentException($"GEMM: leading dimension of {name} is {ld}, below its {cols} columns.");
        if (rows > 0 && cols > 0 && (long)(rows - 1) * ld + cols > length)
            throw new ArgumentException($"GEMM: {name} needs {(long)(rows - 1) * ld + cols} elements for [{rows}, {cols}] with stride {ld}, buffer has {length}.");
    }

    /// <summary>C = beta C over [m, n]; beta 0 writes zeros (so NaN in C does not survive).</summary>
    public static void ScaleC(int m, int n, float beta, Span<float> c, int ldc)
    {
        if (beta == 1f) return;
        for (int i = 0; i < m; i++)
        {
            var row = c.Slice(i * ldc, n);
            if (beta == 0f) row.Clear();
            else System.Numerics.Tensors.TensorPrimitives.Multiply(row, beta, row);
        }
    }
}
