using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SaePlatform.Tensors.Backends.Cpu.Gemm;

/// <summary>
/// Managed single-precision GEMM, used where OpenBLAS is not installed. The structure is the
/// Goto/BLIS one (Goto and van de Geijn, "Anatomy of High-Performance Matrix Multiplication", 2008;
/// Van Zee and van de Geijn, "BLIS", 2015): C is split into panels per thread; for each depth block
/// of <see cref="KC"/>, A's rows are packed into MR-row slivers (L3) and B's columns into NR-column
/// slivers (an L2 block of <see cref="NC"/> columns); an MR x NR register tile of C is accumulated by
/// a SIMD FMA microkernel that broadcasts A and loads B vectors.
/// </summary>
/// <remarks>
/// The packed slivers are zero-padded to whole tiles, so odd shapes run the same microkernel; partial
/// tiles of C are computed into a scratch tile and merged element by element.
/// </remarks>
internal static unsafe partial class ManagedGemm
{
    /// <summary>Depth of a packed block: an A sliver (MR x KC) stays in L1 across a B block.</summary>
    private const int KC = 256;

    /// <summary>Columns of the packed B block: KC x NC floats (512 KiB) stay in L2.</summary>
    private const int NC = 512;

    /// <summary>
    /// Rows of A packed per pass (MC x KC floats, 2 MiB, in L3); bounds the per-thread buffer. A multiple
    /// of both kernels' MR; large enough that a 4096-row product split over two threads packs B once.
    /// </summary>
    private const int MC = 2052;

    /// <summary>Below this many multiply-adds the work runs on the calling thread.</summary>
    private const long ParallelThreshold = 1L << 20;

    /// <summary>The largest register tile of any kernel (12 x 32).</summary>
    private const int MaxTile = 12 * 32;

    /// <summary>AVX-512 kernel (12 x 32) where 512-bit vectors are accelerated, else the 256-bit one (6 x 16).</summary>
    private static readonly bool Use512 = Vector512.IsHardwareAccelerated;

#pragma warning disable IDE1006 // t_ marks [ThreadStatic] fields, as in dotnet/runtime.
    [ThreadStatic] private static float* t_packA;
    [ThreadStatic] private static nuint t_packACapacity;
    [ThreadStatic] private static float* t_packB;
    [ThreadStatic] private static nuint t_packBCapacity;
#pragma warning restore IDE1006

    /// <summary>
    /// C = alpha op(A) op(B) + beta C on row-major storage with leading dimensions (row strides)
    /// <paramref name="lda"/>, <paramref name="ldb"/>, <paramref name="ldc"/>. op(A) is [m, k], op(B) is
    /// [k, n]. With beta 0 the prior contents of C are ignored (NaN included). Large products are split
    /// across <see cref="TensorThreads.Count"/> threads.
    /// </summary>
    /// <exception cref="ArgumentException">A dimension, stride or buffer length does not fit.</exception>
    internal static void Gemm(bool transposeA, bool transposeB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc) =>
        Gemm(Use512, transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);

    /// <summary>
    /// As <see cref="Gemm(bool, bool, int, int, int, float, ReadOnlySpan{float}, int, ReadOnlySpan{float}, int, float, Span{float}, int)"/>
    /// with the 256-bit kernel; lets tests on AVX-512 hardware cover the kernel that AVX2 machines run.
    /// </summary>
    internal static void Gemm256(bool transposeA, bool transposeB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc) =>
        Gemm(false, transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);

    private static void Gemm(bool wide, bool transposeA, bool transposeB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        GemmArguments.Validate(transposeA, transposeB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == 0f)
        {
            GemmArguments.ScaleC(m, n, beta, c, ldc);
            return;
        }
        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
            Run(new Job(wide, transposeA, transposeB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc));
    }

    private static void Run(Job job)
    {
        int threads = TensorThreads.Count;
        if (threads == 1 || (long)job.M * job.N * job.K < ParallelThreshold)
        {
            RunPanel(job, 0, job.M, 0, job.N);
            return;
        }

        // Each thread packs all of the operand that is not split, so split the dimension whose split
        // repacks less: splitting M repacks B (k x n) per thread, splitting N repacks A (m x k).
        long packSplitM = (long)threads * job.K * job.N + (long)job.M * job.K;
        long packSplitN = (long)threads * job.M * job.K + (long)job.K * job.N;
        bool splitN = packSplitN < packSplitM ? job.N >= threads * job.NR : job.M < threads * job.MR;
        int extent = splitN ? job.N : job.M, unit = splitN ? job.NR : job.MR;
        int units = (extent + unit - 1) / unit;
        // One chunk per thread: finer chunks balance better on a busy machine but repack the unsplit
        // operand per chunk, which measured slower (TN) or equal on a quiet one.
        int chunks = Math.Min(threads, units);

        Parallel.For(0, chunks, TensorThreads.ParallelOptions, t =>
        {
            int start = (int)((long)units * t / chunks) * unit;
            int end = Math.Min(extent, (int)((long)units * (t + 1) / chunks) * unit);
            if (splitN) RunPanel(job, 0, job.M, start, end);
            else RunPanel(job, start, end, 0, job.N);
        });
    }

    /// <summary>Computes the block C[m0..m1, n0..n1] on the calling thread.</summary>
    private static void RunPanel(in Job job, int m0, int m1, int n0, int n1)
    {
        int mr = job.MR, nr = job.NR;
        int mcMax = RoundUp(Math.Min(MC, m1 - m0), mr);
        int ncMax = RoundUp(Math.Min(NC, n1 - n0), nr);
        float* packA = Buffer(ref t_packA, ref t_packACapacity, (nuint)mcMax * KC);
        float* packB = Buffer(ref t_packB, ref t_packBCapacity, (nuint)ncMax * KC);
        float* scratch = stackalloc float[MaxTile];

        for (int ic = m0; ic < m1; ic += MC)
        {
            int mc = Math.Min(MC, m1 - ic);
            for (int pc = 0; pc < job.K; pc += KC)
            {
                int kc = Math.Min(KC, job.K - pc);
                // The first depth block applies the caller's beta; later ones accumulate.
                float beta = pc == 0 ? job.Beta : 1f;
                PackA(job, ic, mc, pc, kc, packA);
                for (int jc = n0; jc < n1; jc += NC)
                {
                    int nc = Math.Min(NC, n1 - jc);
                    PackB(job, pc, kc, jc, nc, packB);
                    for (int ir = 0; ir < mc; ir += mr)
                    {
                        float* aSliver = packA + (nint)ir * kc;
                        float* cRow = job.C + (nint)(ic + ir) * job.Ldc + jc;
                        int rows = Math.Min(mr, mc - ir);
                        for (int jr = 0; jr < nc; jr += nr)
                            Tile(job.Wide, kc, aSliver, packB + (nint)jr * kc, cRow + jr, job.Ldc,
                                rows, Math.Min(nr, nc - jr), job.Alpha, beta, scratch);
                    }
                }
            }
        }
    }

    /// <summary>One register tile; partial tiles go through <paramref name="scratch"/>.</summary>
    private static void Tile(bool wide, int kc, float* a, float* b, float* c, int ldc, int rows, int cols, float alpha, float beta, float* scratch)
    {
        int mr = wide ? 12 : 6, nr = wide ? 32 : 16;
        if (rows == mr && cols == nr)
        {
            if (wide) Kernel12x32(kc, a, b, c, ldc, alpha, beta);
            else Kernel6x16(kc, a, b, c, ldc, alpha, beta);
            return;
        }
        if (wide) Kernel12x32(kc, a, b, scratch, nr, 1f, 0f);
        else Kernel6x16(kc, a, b, scratch, nr, 1f, 0f);
        for (int i = 0; i < rows; i++)
        {
            float* src = scratch + i * nr;
            float* dst = c + (nint)i * ldc;
            if (beta == 0f)
                for (int j = 0; j < cols; j++) dst[j] = alpha * src[j];
            else
                for (int j = 0; j < cols; j++) dst[j] = alpha * src[j] + beta * dst[j];
        }
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    /// <summary>A per-thread, 64-byte aligned pack buffer that grows on demand and lives as long as the thread.</summary>
    private static float* Buffer(ref float* buffer, ref nuint capacity, nuint floats)
    {
        if (capacity >= floats) return buffer;
        NativeMemory.AlignedFree(buffer);
        buffer = (float*)NativeMemory.AlignedAlloc(floats * sizeof(float), 64);
        capacity = floats;
        return buffer;
    }

    /// <summary>The operands of one call, as raw pointers (the caller keeps them pinned).</summary>
    private readonly struct Job(bool wide, bool transposeA, bool transposeB, int m, int n, int k, float alpha,
        float* a, int lda, float* b, int ldb, float beta, float* c, int ldc)
    {
        /// <summary>AVX-512 12 x 32 tiles when true, 256-bit 6 x 16 tiles when false.</summary>
        public readonly bool Wide = wide;
        public readonly int MR = wide ? 12 : 6, NR = wide ? 32 : 16;
        public readonly bool TransposeA = transposeA, TransposeB = transposeB;
        public readonly int M = m, N = n, K = k, Lda = lda, Ldb = ldb, Ldc = ldc;
        public readonly float Alpha = alpha, Beta = beta;
        public readonly float* A = a, B = b, C = c;
    }
}
