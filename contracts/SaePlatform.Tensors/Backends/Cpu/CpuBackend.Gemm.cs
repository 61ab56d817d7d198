using System.Numerics.Tensors;
using SaePlatform.Tensors.Backends.Cpu.Gemm;

namespace SaePlatform.Tensors.Backends.Cpu;

public sealed partial class CpuBackend
{
    /// <summary>
    /// True when GEMM goes to OpenBLAS. Decided once per process: OpenBLAS when
    /// <c>libopenblas.so.0</c> (or another OpenBLAS file name) loads, unless the environment variable
    /// <c>SAE_GEMM</c> is <c>managed</c>, which forces the managed SIMD kernel (for tests and benchmarks
    /// of the fallback). When OpenBLAS is missing, the first GEMM raises a one-time
    /// <see cref="TensorBackend.Notice"/>.
    /// </summary>
    internal static bool UsesOpenBlas { get; } =
        OpenBlasGemm.IsAvailable && !string.Equals(Environment.GetEnvironmentVariable("SAE_GEMM"), "managed", StringComparison.OrdinalIgnoreCase);

    private static int _fallbackNoticeRaised;

    /// <summary>Whether the one-time "OpenBLAS not found" notice has been raised in this process.</summary>
    internal static bool FallbackNoticeRaised => Volatile.Read(ref _fallbackNoticeRaised) != 0;

    private static string GemmProviderName => UsesOpenBlas ? "openblas" : "managed-simd";

    /// <inheritdoc />
    /// <exception cref="ArgumentException">A tensor is not 2-D or the shapes do not match.</exception>
    public void Gemm(bool transposeA, bool transposeB, float alpha, Tensor a, Tensor b, float beta, Tensor c)
    {
        var (m, n, k) = GemmShape.Of(transposeA, transposeB, a, b, c);

        if (m == 0 || n == 0) return; // nothing to write
        if (k == 0)
        {
            // An empty product: C = beta * C (beta 0 ignores C's prior contents, NaN included).
            if (beta == 0) c.Span.Clear();
            else if (beta != 1) System.Numerics.Tensors.TensorPrimitives.Multiply(c.Span, beta, c.Span);
            return;
        }
        if (k == 1 && (long)m * n >= DeterministicPartition.MinParallelWork)
        {
            OuterProduct(alpha, a.Array, b.Array, beta, c);
            return;
        }
        if (m == 1 || n == 1)
        {
            MatrixVector(transposeA, transposeB, m, n, k, alpha, a.Array, b.Array, beta, c.Array);
            return;
        }
        if (UsesOpenBlas)
        {
            OpenBlasGemm.Tiled(transposeA, transposeB, m, n, k, alpha, a.Array, b.Array, beta, c.Array);
            return;
        }
        if (!OpenBlasGemm.IsAvailable && Interlocked.Exchange(ref _fallbackNoticeRaised, 1) == 0)
            TensorBackend.RaiseNotice("OpenBLAS (libopenblas.so.0) not found; using the managed SIMD GEMM, which is slower. Install libopenblas0-pthread for full speed.");
        ManagedGemm.Gemm(transposeA, transposeB, m, n, k, alpha, a.Span, a.Cols, b.Span, b.Cols, beta, c.Span, c.Cols);
    }

    /// <summary>
    /// C = alpha * a b^T + beta * C for K = 1 (a has m elements, b has n, in either orientation): one
    /// streaming pass over C split by rows. A GEMM library's packing and blocking buy nothing at K = 1 and
    /// measured twice the time of this pass (the backward of a per-feature weighted sum is such a product).
    /// </summary>
    private static void OuterProduct(float alpha, float[] a, float[] b, float beta, Tensor c)
    {
        float[] cs = c.Array;
        int n = c.Cols;
        var plan = new Kernels.BlockPlan(Kernels.Layout.Grid(c.Rows, n), int.MaxValue);
        plan.Run(block =>
        {
            plan.Block(block, out int r0, out int r1, out _, out _);
            var bRow = b.AsSpan(0, n);
            for (int i = r0; i < r1; i++)
            {
                var row = cs.AsSpan(i * n, n);
                float scale = alpha * a[i];
                if (beta == 0f)
                {
                    TensorPrimitives.Multiply(bRow, scale, row); // beta 0 ignores C, NaN included
                }
                else
                {
                    if (beta != 1f) TensorPrimitives.Multiply(row, beta, row);
                    TensorPrimitives.MultiplyAdd(bRow, scale, row, row);
                }
            }
        });
    }

    /// <summary>Output columns per chunk of the accumulating matrix-vector pass: a fixed cut, 16 KiB of C in L1.</summary>
    private const int VectorChunk = 4096;

    /// <summary>
    /// C = alpha * op(A) op(B) + beta * C when C is a single row or column: a matrix-vector product in one pass over the
    /// matrix, every output computed by one thread in an order fixed by the shapes, so the result is the same for any
    /// thread count. OpenBLAS splits such products differently per thread count (a quickstart loss differed in its last
    /// bit between 1 and 2 threads), and a GEMM library's packing buys nothing here.
    /// </summary>
    private static void MatrixVector(bool transposeA, bool transposeB, int m, int n, int k, float alpha, float[] a, float[] b, float beta, float[] c)
    {
        // n == 1: c = op(A) v with v = B's k elements; m == 1: c^T = op(B)^T v with v = A's k elements.
        bool column = n == 1;
        float[] matrix = column ? a : b, vector = column ? b : a;
        int outputs = column ? m : n;
        // Each output is a dot product with a contiguous matrix row when op(A) = A (column) or op(B) = B^T (row).
        bool rowDots = column ? !transposeA : transposeB;
        if (rowDots)
        {
            DeterministicPartition.ForRanges(outputs, k, (i0, i1) =>
            {
                var v = vector.AsSpan(0, k);
                for (int i = i0; i < i1; i++)
                {
                    float dot = alpha * TensorPrimitives.Dot(matrix.AsSpan(i * k, k), v);
                    c[i] = beta == 0f ? dot : dot + beta * c[i]; // beta 0 ignores C, NaN included
                }
            });
            return;
        }
        // Otherwise the matrix is [k, outputs] and C accumulates its rows scaled by v, chunk by chunk of outputs.
        DeterministicPartition.ForChunks(outputs, VectorChunk, (long)outputs * k, (j0, j1) =>
        {
            var output = c.AsSpan(j0, j1 - j0);
            if (beta == 0f) output.Clear();
            else if (beta != 1f) TensorPrimitives.Multiply(output, beta, output);
            for (int r = 0; r < k; r++)
                TensorPrimitives.MultiplyAdd(matrix.AsSpan(r * outputs + j0, j1 - j0), alpha * vector[r], output, output);
        });
    }
}
