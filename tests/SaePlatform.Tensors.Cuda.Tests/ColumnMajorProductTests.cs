using SaePlatform.Tensors.Cuda.Cuda;

namespace SaePlatform.Tensors.Cuda.Tests;

/// <summary>
/// The operand layouts handed to cuBLASLt: a column-major GEMM over the same row-major storage, as cuBLASLt defines it
/// (emulated here in float64), gives the row-major product computed naively, for every transpose combination.
/// </summary>
public sealed class ColumnMajorProductTests
{
    [Theory]
    [InlineData(false, false, 3, 5, 7)]
    [InlineData(true, false, 3, 5, 7)]
    [InlineData(false, true, 3, 5, 7)]
    [InlineData(true, true, 3, 5, 7)]
    [InlineData(true, true, 1, 9, 2)]
    [InlineData(false, true, 6, 1, 4)]
    public void ColumnMajorGemmOnTheLayouts_IsTheRowMajorProduct(bool transposeA, bool transposeB, int m, int n, int k)
    {
        var random = new Random(m * 100 + n * 10 + k);
        double[] a = Random(random, m * k), b = Random(random, k * n);
        double A(int i, int p) => transposeA ? a[p * m + i] : a[i * k + p];   // op(A)[i, p], A stored [k, m] or [m, k]
        double B(int p, int j) => transposeB ? b[j * k + p] : b[p * n + j];   // op(B)[p, j], B stored [n, k] or [k, n]

        var map = ColumnMajorProduct.For(transposeA, transposeB, m, n, k);
        // cuBLASLt: D = op(X) op(Y), X the first operand (B's storage), Y the second (A's), all column-major.
        Assert.Equal((map.Output.Rows, map.Output.Cols), (Rows(map.First, opRows: true), Rows(map.Second, opRows: false)));
        var c = new double[m * n];
        for (int row = 0; row < map.Output.Rows; row++)
            for (int col = 0; col < map.Output.Cols; col++)
            {
                double s = 0;
                int inner = map.First.Transposed ? map.First.Rows : map.First.Cols;
                Assert.Equal(inner, map.Second.Transposed ? map.Second.Cols : map.Second.Rows);
                for (int p = 0; p < inner; p++) s += At(b, map.First, row, p) * At(a, map.Second, p, col);
                c[col * map.Output.Ld + row] = s;   // column-major output element (row, col)
            }

        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double expected = 0;
                for (int p = 0; p < k; p++) expected += A(i, p) * B(p, j);
                Assert.Equal(expected, c[i * n + j], 12);   // C's row-major storage
            }
    }

    // Element (r, c) of op(X) for a column-major X with the given layout.
    private static double At(double[] storage, ColumnMajorProduct.MatrixLayout x, int r, int c) =>
        x.Transposed ? storage[r * x.Ld + c] : storage[c * x.Ld + r];

    // Rows of op(X) (opRows) or columns of op(Y).
    private static int Rows(ColumnMajorProduct.MatrixLayout x, bool opRows) =>
        opRows ? (x.Transposed ? x.Cols : x.Rows) : (x.Transposed ? x.Rows : x.Cols);

    private static double[] Random(Random random, int length) => Enumerable.Range(0, length).Select(_ => random.NextDouble() * 2 - 1).ToArray();
}
