using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace SaePlatform.Tensors.Backends.Cpu.Gemm;

internal static unsafe partial class ManagedGemm
{
    /// <summary>
    /// Packs op(A)[ic..ic+mc, pc..pc+kc] into MR-row slivers: sliver s holds, for each depth p, the MR
    /// values op(A)[ic + s*MR + r, pc + p] contiguously (the order the microkernel broadcasts them).
    /// Rows past <paramref name="mc"/> are zero.
    /// </summary>
    private static void PackA(in Job job, int ic, int mc, int pc, int kc, float* dst)
    {
        int mr = job.MR;
        if (job.TransposeA)
        {
            // A is stored [k, m]: depth p of every sliver is a run of A's row pc + p, so read each row once, in order.
            PackRuns(job.A + (nint)pc * job.Lda + ic, job.Lda, mc, mr, kc, dst);
            return;
        }
        // A is stored [m, k]: each of a sliver's rows is read along the depth.
        for (int ir = 0; ir < mc; ir += mr)
            PackInterleaved(job.A + (nint)(ic + ir) * job.Lda + pc, job.Lda, Math.Min(mr, mc - ir), mr, kc, dst + (nint)ir * kc);
    }

    /// <summary>
    /// Packs op(B)[pc..pc+kc, jc..jc+nc] into NR-column slivers: sliver s holds, for each depth p, the NR
    /// values op(B)[pc + p, jc + s*NR + c] contiguously (one or two SIMD vectors). Columns past
    /// <paramref name="nc"/> are zero.
    /// </summary>
    private static void PackB(in Job job, int pc, int kc, int jc, int nc, float* dst)
    {
        int nr = job.NR;
        if (!job.TransposeB)
        {
            // B is stored [k, n]: depth p of every sliver is a run of B's row pc + p.
            PackRuns(job.B + (nint)pc * job.Ldb + jc, job.Ldb, nc, nr, kc, dst);
            return;
        }
        // B is stored [n, k]: each of a sliver's columns is a row of B read along the depth.
        for (int jr = 0; jr < nc; jr += nr)
            PackInterleaved(job.B + (nint)(jc + jr) * job.Ldb + pc, job.Ldb, Math.Min(nr, nc - jr), nr, kc, dst + (nint)jr * kc);
    }

    /// <summary>
    /// Source rows p = 0..kc-1 (stride <paramref name="ld"/>) of <paramref name="extent"/> values are cut
    /// into runs of <paramref name="width"/>; run s of row p goes to dst[s * width * kc + p * width],
    /// zero-padded past <paramref name="extent"/>. Each source row is read once, front to back.
    /// </summary>
    private static void PackRuns(float* src, int ld, int extent, int width, int kc, float* dst)
    {
        int full = extent / width * width;
        nint sliverStride = (nint)width * kc;
        uint bytes = (uint)(width * sizeof(float));
        for (int p = 0; p < kc; p++, src += ld)
        {
            float* d = dst + (nint)p * width;
            int s = 0;
            for (; s < full; s += width, d += sliverStride) Unsafe.CopyBlockUnaligned(d, src + s, bytes);
            if (s < extent)
            {
                int c = 0;
                for (; c < extent - s; c++) d[c] = src[s + c];
                for (; c < width; c++) d[c] = 0f;
            }
        }
    }

    /// <summary>
    /// Interleaves <paramref name="lines"/> source lines (stride <paramref name="ld"/>, each
    /// <paramref name="kc"/> long) into dst[p * width + line], zero-filling lines up to
    /// <paramref name="width"/>. While reading a line it prefetches the same line of the next sliver
    /// (<paramref name="width"/> lines further): the lines are short (one depth block), too short for
    /// the hardware prefetcher to ramp up on, and in the large shapes they come from DRAM.
    /// </summary>
    private static void PackInterleaved(float* src, int ld, int lines, int width, int kc, float* dst)
    {
        for (int r = 0; r < width; r++)
        {
            float* d = dst + r;
            if (r >= lines)
            {
                for (int p = 0; p < kc; p++, d += width) *d = 0f;
                continue;
            }
            float* s = src + (nint)r * ld;
            float* next = s + (nint)width * ld; // prefetches never fault, even past the matrix
            int q = 0;
            for (; q + 16 <= kc; q += 16, s += 16, d += 16 * width)
            {
                if (Sse.IsSupported) Sse.Prefetch0(next + q);
                d[0] = s[0]; d[width] = s[1]; d[2 * width] = s[2]; d[3 * width] = s[3];
                d[4 * width] = s[4]; d[5 * width] = s[5]; d[6 * width] = s[6]; d[7 * width] = s[7];
                d[8 * width] = s[8]; d[9 * width] = s[9]; d[10 * width] = s[10]; d[11 * width] = s[11];
                d[12 * width] = s[12]; d[13 * width] = s[13]; d[14 * width] = s[14]; d[15 * width] = s[15];
            }
            for (; q < kc; q++, s++, d += width) *d = *s;
        }
    }
}
