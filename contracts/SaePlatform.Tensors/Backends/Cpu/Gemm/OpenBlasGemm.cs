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
            // OpenBLAS's own threads split a product by the thread count, which changes the last bits of results
            // (about 2 % of the elements of a 1024 x 64 x 512 product differ between 1 and 2 threads). It runs on
            // one thread per call; the engine splits the work instead (Tiled), by shape only.
            if (NativeLibrary.TryGetExport(handle, "openblas_set_num_threads", out var setThreads))
                ((delegate* unmanaged[Cdecl]<int, void>)setThreads)(1);
            return;
        }
    }

    /// <summary>True when an OpenBLAS library exporting <c>cblas_sgemm</c> was loaded.</summary>
    internal static bool IsAvailable => Sgemm != null;

    /// <summary>The file name that was loaded, or null.</summary>
    internal static string? LibraryName { get; }

    /// <summary>Below this many multiply-adds a product is one OpenBLAS call.</summary>
    private const long TileThreshold = 1L << 21;

    /// <summary>At most this many panels per product: enough for 16 cores, few enough that re-packing stays small.</summary>
    private const int MaxPanels = 16;

    /// <summary>
    /// <see cref="Gemm"/> split into panels of C (row or column stripes) whose cut depends only on m, n and k, each
    /// computed by one single-threaded OpenBLAS call, the panels spread over <see cref="TensorThreads.Count"/> threads.
    /// Every element of C is then the same for any thread count. The longer side of C is cut, so the operand that
    /// every panel packs again is the smaller one.
    /// </summary>
    internal static void Tiled(bool transposeA, bool transposeB, int m, int n, int k, float alpha,
        float[] a, float[] b, float beta, float[] c)
    {
        int lda = transposeA ? m : k, ldb = transposeB ? k : n;
        bool splitRows = m >= n;
        int side = splitRows ? m : n;
        int panel = (long)m * n * k < TileThreshold ? side : Math.Max(64, RoundUp((side + MaxPanels - 1) / MaxPanels, 16));
        int panels = (side + panel - 1) / panel;
        if (panels <= 1)
        {
            Gemm(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, n);
            return;
        }
        DeterministicPartition.ForEach(panels, (long)m * n * k, p =>
        {
            int start = p * panel, count = Math.Min(side, start + panel) - start;
            if (splitRows)
            {
                // Rows [start, start + count) of op(A) and of C.
                int aOffset = transposeA ? start : start * lda;
                Gemm(transposeA, transposeB, count, n, k, alpha, a.AsSpan(aOffset), lda, b, ldb, beta, c.AsSpan(start * n), n);
            }
            else
            {
                // Columns [start, start + count) of op(B) and of C.
                int bOffset = transposeB ? start * ldb : start;
                Gemm(transposeA, transposeB, m, count, k, alpha, a, lda, b.AsSpan(bOffset), ldb, beta, c.AsSpan(start), n);
            }
        });
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

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
