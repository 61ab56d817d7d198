namespace SaePlatform.Tensors.Backends;

/// <summary>The dimensions of <see cref="ITensorBackend.Gemm"/>'s product, checked once for every backend.</summary>
internal static class GemmShape
{
    /// <summary>m, n and k of C[m, n] = op(A)[m, k] op(B)[k, n].</summary>
    /// <exception cref="ArgumentException">A tensor is not 2-D or the shapes do not match.</exception>
    public static (int M, int N, int K) Of(bool transposeA, bool transposeB, Tensor a, Tensor b, Tensor c)
    {
        if (a.Rank != 2 || b.Rank != 2 || c.Rank != 2)
            throw new ArgumentException($"Gemm needs 2-D tensors, got {a.ShapeString}, {b.ShapeString} and {c.ShapeString}.");
        int m = transposeA ? a.Cols : a.Rows, k = transposeA ? a.Rows : a.Cols;
        int kb = transposeB ? b.Cols : b.Rows, n = transposeB ? b.Rows : b.Cols;
        if (k != kb || c.Rows != m || c.Cols != n)
            throw new ArgumentException(
                $"Gemm shapes do not match: {a.ShapeString}{(transposeA ? "^T" : "")} @ {b.ShapeString}{(transposeB ? "^T" : "")} into {c.ShapeString}.");
        return (m, n, k);
    }
}
