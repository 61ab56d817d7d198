using System.Runtime.InteropServices;

namespace SaePlatform.Tensors.Backends.Cpu.Gemm;

/// <summary>
/// Single-precision GEMM through OpenBLAS's <c>cblas_sgemm</c>, resolved at run time with
/// <see cref="NativeLibrary"/> so that the engine still loads (and falls back to <see cref="ManagedGemm"/>)
/// where OpenBLAS is not installed.
/// </summary>
/// <remarks>
/// Only OpenBLAS's own file names are probed: a generic <c>libblas.so.3</c> may be the reference BLAS,
/// which exports <c>cblas_sgemm</c> too but is slower than the managed kernel. The Debian package
/// <c>libopenblas0-pthread</c> provides <c>libopenblas.so.0</c>.
/// </remarks>
internal static unsafe class OpenBlasGemm
{
    // CBLAS enum values (cblas.h).
    private const int RowMajor = 101, NoTrans = 111, Trans = 112;

    private static readonly string[] LibraryNames = ["libopenblas.so.0", "libopenblas.so", "libopenblas.dylib", "libopenblas.dll", "openblas"];

    private static readonly delegate* unmanaged[Cdecl]<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> Sgemm;

    private static readonly delegate* unmanaged[Cdecl]<int, void> SetNumThreads;

    static OpenBlasGemm()
    {
        foreach (var name in LibraryNames)
        {
            if (!NativeLibrary.TryLoad(name, typeof(OpenBlasGemm).Assembly, null, out var handle)) continue;
            if (!NativeLibrary.TryGetExport(handle, "cblas_sgemm", out var sgemm))
            {
                NativeLibrary.Free(handle);
                continue;
            }
            Sgemm = (delegate* unmanaged[Cdecl]<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)sgemm;
            LibraryName = name;
            // OpenBLAS picks its thread count from the environment or the core count at load; pin it to
            // the engine's (by default what .NET sees, which honours container CPU limits).
            if (NativeLibrary.TryGetExport(handle, "openblas_set_num_threads", out var setThreads))
            {
                SetNumThreads = (delegate* unmanaged[Cdecl]<int, void>)setThreads;
                SetNumThreads(TensorThreads.Count);
            }
            return;
        }
    }

    /// <summary>True when an OpenBLAS library exporting <c>cblas_sgemm</c> was loaded.</summary>
    internal static bool IsAvailable => Sgemm != null;

    /// <summary>The file name that was loaded, or null.</summary>
    internal static string? LibraryName { get; }

    /// <summary>Passes <paramref name="threads"/> to <c>openblas_set_num_threads</c> when OpenBLAS is loaded and exports it.</summary>
    internal static void SetThreads(int threads)
    {
        if (SetNumThreads != null) SetNumThreads(threads);
    }

    /// <summary>
    /// C = alpha op(A) op(B) + beta C on row-major storage with leading dimensions (row strides)
    /// <paramref name="lda"/>, <paramref name="ldb"/>, <paramref name="ldc"/>. op(A) is [m, k], op(B) is
    /// [k, n]. With beta 0 the prior contents of C are ignored (NaN included).
    /// </summary>
    /// <exception cref="InvalidOperationException">OpenBLAS is not available.</exception>
    internal static void Gemm(bool transposeA, bool transposeB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        if (!IsAvailable) throw new InvalidOperationException("OpenBLAS is not available.");
        GemmArguments.Validate(transposeA, transposeB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == 0f)
        {
            // Nothing to multiply: BLAS would reject the zero leading dimensions; only C's scaling remains.
            GemmArguments.ScaleC(m, n, beta, c, ldc);
            return;
        }
        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
            Sgemm(RowMajor, transposeA ? Trans : NoTrans, transposeB ? Trans : NoTrans, m, n, k,
                alpha, pa, lda, pb, ldb, beta, pc, ldc);
    }
}
