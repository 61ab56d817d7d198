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

        if (UsesOpenBlas)
        {
            OpenBlasGemm.Gemm(transposeA, transposeB, m, n, k, alpha, a.Span, a.Cols, b.Span, b.Cols, beta, c.Span, c.Cols);
            return;
        }
        if (!OpenBlasGemm.IsAvailable && Interlocked.Exchange(ref _fallbackNoticeRaised, 1) == 0)
            TensorBackend.RaiseNotice("OpenBLAS (libopenblas.so.0) not found; using the managed SIMD GEMM, which is slower. Install libopenblas0-pthread for full speed.");
        ManagedGemm.Gemm(transposeA, transposeB, m, n, k, alpha, a.Span, a.Cols, b.Span, b.Cols, beta, c.Span, c.Cols);
    }
}
