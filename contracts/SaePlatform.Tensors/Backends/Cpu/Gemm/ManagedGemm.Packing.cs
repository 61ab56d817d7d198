using System.Runtime.CompilerServices;

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
        for (int ir = 0; ir < mc; ir += mr)
        {
            int rows = Math.Min(mr, mc - ir);
            float* sliver = dst + (nint)ir * kc;
            if (job.TransposeA)
            {
                // A is stored [k, m]: a sliver row of depth p is a contiguous run of A's row pc + p.
                float* src = job.A + (nint)pc * job.Lda + ic + ir;
                for (int p = 0; p < kc; p++, src += job.Lda, sliver += mr)
                {
                    if (rows == mr) Unsafe.CopyBlockUnaligned(sliver, src, (uint)(mr * sizeof(float)));
                    else
                    {
                        int r = 0;
                        for (; r < rows; r++) sliver[r] = src[r];
                        for (; r < mr; r++) sliver[r] = 0f;
                    }
                }
            }
            else
            {
                // A is stored [m, k]: read each row along the depth, write with stride MR.
                for (int r = 0; r < mr; r++)
                {
                    float* d = sliver + r;
                    if (r >= rows)
                    {
                        for (int p = 0; p < kc; p++) d[p * mr] = 0f;
                        continue;
                    }
                    float* src = job.A + (nint)(ic + ir + r) * job.Lda + pc;
                    for (int p = 0; p < kc; p++) d[p * mr] = src[p];
                }
            }
        }
    }

    /// <summary>
    /// Packs op(B)[pc..pc+kc, jc..jc+nc] into NR-column slivers: sliver s holds, for each depth p, the NR
    /// values op(B)[pc + p, jc + s*NR + c] contiguously (one or two SIMD vectors). Columns past
    /// <paramref name="nc"/> are zero.
    /// </summary>
    private static void PackB(in Job job, int pc, int kc, int jc, int nc, float* dst)
    {
        int nr = job.NR;
        for (int jr = 0; jr < nc; jr += nr)
        {
            int cols = Math.Min(nr, nc - jr);
            float* sliver = dst + (nint)jr * kc;
            if (!job.TransposeB)
            {
                // B is stored [k, n]: a sliver row is a contiguous run of B's row pc + p.
                float* src = job.B + (nint)pc * job.Ldb + jc + jr;
                for (int p = 0; p < kc; p++, src += job.Ldb, sliver += nr)
                {
                    if (cols == nr) Unsafe.CopyBlockUnaligned(sliver, src, (uint)(nr * sizeof(float)));
                    else
                    {
                        int c = 0;
                        for (; c < cols; c++) sliver[c] = src[c];
                        for (; c < nr; c++) sliver[c] = 0f;
                    }
                }
            }
            else
            {
                // B is stored [n, k]: read each of B's rows along the depth, write with stride NR.
                for (int c = 0; c < nr; c++)
                {
                    float* d = sliver + c;
                    if (c >= cols)
                    {
                        for (int p = 0; p < kc; p++) d[p * nr] = 0f;
                        continue;
                    }
                    float* src = job.B + (nint)(jc + jr + c) * job.Ldb + pc;
                    for (int p = 0; p < kc; p++) d[p * nr] = src[p];
                }
            }
        }
    }
}
