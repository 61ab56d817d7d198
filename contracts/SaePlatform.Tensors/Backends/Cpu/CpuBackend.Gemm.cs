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
        if (a.Rank != 2 || b.Rank != 2 || c.Rank != 2)
            throw new ArgumentException($"Gemm needs 2-D tensors, got {a.ShapeString}, {b.ShapeString} and {c.ShapeString}.");
        int m = transposeA ? a.Cols : a.Rows, k = transposeA ? a.Rows : a.Cols;
        int kb = transposeB ? b.Cols : b.Rows, n = transposeB ? b.Rows : b.Cols;
        if (k != kb || c.Rows != m || c.Cols != n)
            throw new ArgumentException(
                $"Gemm shapes do not match: {a.ShapeString}{(transposeA ? "^T" : "")} @ {b.ShapeString}{(transposeB ? "^T" : "")} into {c.ShapeString}.");

        if (k == 1 && (long)m * n >= DeterministicPartition.MinParallelWork)
        {
            OuterProduct(alpha, a.Array, b.Array, beta, c);
            return;
        }
        if (UsesOpenBlas)
        {
            OpenBlasGemm.Gemm(transposeA, transposeB, m, n, k, alpha, a.Span, a.Cols, b.Span, b.Cols, beta, c.Span, c.Cols);
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
}
