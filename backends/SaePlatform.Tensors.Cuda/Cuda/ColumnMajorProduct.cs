namespace SaePlatform.Tensors.Cuda.Cuda;

/// <summary>
/// How a row-major product C[m, n] = op(A) op(B) is handed to a column-major GEMM (cuBLASLt) without copies: a row-major
/// [r, c] matrix is a column-major [c, r] one with leading dimension c, so C^T = op(B)^T op(A)^T, where the first
/// operand is B's storage and the second A's. Each operand's column-major layout is its storage as stored (rows, cols,
/// ld), and <see cref="MatrixLayout.Transposed"/> says whether the GEMM transposes it.
/// </summary>
internal readonly record struct ColumnMajorProduct(ColumnMajorProduct.MatrixLayout First, ColumnMajorProduct.MatrixLayout Second, ColumnMajorProduct.MatrixLayout Output)
{
    /// <summary>A column-major matrix: rows, columns, leading dimension, and whether the GEMM transposes it.</summary>
    internal readonly record struct MatrixLayout(int Rows, int Cols, int Ld, bool Transposed);

    /// <summary>The layouts for C[m, n] = op(A) op(B) with A stored [m, k] ([k, m] when transposed) and B stored [k, n] ([n, k]).</summary>
    public static ColumnMajorProduct For(bool transposeA, bool transposeB, int m, int n, int k) => new(
        // op(B)^T is [n, k]: B stored [k, n] is column-major [n, k] (ld n), used as is; stored [n, k] it is [k, n] (ld k), transposed.
        transposeB ? new MatrixLayout(k, n, k, true) : new MatrixLayout(n, k, n, false),
        // op(A)^T is [k, m]: A stored [m, k] is column-major [k, m] (ld k), used as is; stored [k, m] it is [m, k] (ld m), transposed.
        transposeA ? new MatrixLayout(m, k, m, true) : new MatrixLayout(k, m, k, false),
        // C^T is column-major [n, m] (ld n): C's row-major storage.
        new MatrixLayout(n, m, n, false));
}
