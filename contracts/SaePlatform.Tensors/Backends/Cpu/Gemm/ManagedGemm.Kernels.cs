using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SaePlatform.Tensors.Backends.Cpu.Gemm;

// Generated shape: every accumulator is a named local so the JIT keeps the whole tile in registers
// (24 of the 32 zmm registers for the AVX-512 kernel, 12 of 16 ymm for the 256-bit one).
internal static unsafe partial class ManagedGemm
{
    /// <summary>Depth iterations before the end of a tile at which its C rows are prefetched.</summary>
    private const int PrefetchDistance = 24;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PrefetchRow(float* row)
    {
        if (!Sse.IsSupported) return;
        Sse.Prefetch0(row);
        Sse.Prefetch0(row + 16);
        Sse.Prefetch0(row + 31); // a 32-float row spans a third line when not 64-byte aligned
    }

    /// <summary>12 x 32 register tile: C = alpha (A sliver)(B sliver) + beta C, 24 Vector512 accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel12x32(int kc, float* a, float* b, float* c, int ldc, float alpha, float beta)
    {
        var c0_0 = Vector512<float>.Zero; var c0_1 = Vector512<float>.Zero;
        var c1_0 = Vector512<float>.Zero; var c1_1 = Vector512<float>.Zero;
        var c2_0 = Vector512<float>.Zero; var c2_1 = Vector512<float>.Zero;
        var c3_0 = Vector512<float>.Zero; var c3_1 = Vector512<float>.Zero;
        var c4_0 = Vector512<float>.Zero; var c4_1 = Vector512<float>.Zero;
        var c5_0 = Vector512<float>.Zero; var c5_1 = Vector512<float>.Zero;
        var c6_0 = Vector512<float>.Zero; var c6_1 = Vector512<float>.Zero;
        var c7_0 = Vector512<float>.Zero; var c7_1 = Vector512<float>.Zero;
        var c8_0 = Vector512<float>.Zero; var c8_1 = Vector512<float>.Zero;
        var c9_0 = Vector512<float>.Zero; var c9_1 = Vector512<float>.Zero;
        var c10_0 = Vector512<float>.Zero; var c10_1 = Vector512<float>.Zero;
        var c11_0 = Vector512<float>.Zero; var c11_1 = Vector512<float>.Zero;
        int p = 0;
        for (int head = kc - PrefetchDistance; p < head; p++, a += 12, b += 32)
        {
            var b0 = Vector512.Load(b + 0);
            var b1 = Vector512.Load(b + 16);
            { var s = Vector512.Create(a[0]); c0_0 = Vector512.FusedMultiplyAdd(s, b0, c0_0); c0_1 = Vector512.FusedMultiplyAdd(s, b1, c0_1); }
            { var s = Vector512.Create(a[1]); c1_0 = Vector512.FusedMultiplyAdd(s, b0, c1_0); c1_1 = Vector512.FusedMultiplyAdd(s, b1, c1_1); }
            { var s = Vector512.Create(a[2]); c2_0 = Vector512.FusedMultiplyAdd(s, b0, c2_0); c2_1 = Vector512.FusedMultiplyAdd(s, b1, c2_1); }
            { var s = Vector512.Create(a[3]); c3_0 = Vector512.FusedMultiplyAdd(s, b0, c3_0); c3_1 = Vector512.FusedMultiplyAdd(s, b1, c3_1); }
            { var s = Vector512.Create(a[4]); c4_0 = Vector512.FusedMultiplyAdd(s, b0, c4_0); c4_1 = Vector512.FusedMultiplyAdd(s, b1, c4_1); }
            { var s = Vector512.Create(a[5]); c5_0 = Vector512.FusedMultiplyAdd(s, b0, c5_0); c5_1 = Vector512.FusedMultiplyAdd(s, b1, c5_1); }
            { var s = Vector512.Create(a[6]); c6_0 = Vector512.FusedMultiplyAdd(s, b0, c6_0); c6_1 = Vector512.FusedMultiplyAdd(s, b1, c6_1); }
            { var s = Vector512.Create(a[7]); c7_0 = Vector512.FusedMultiplyAdd(s, b0, c7_0); c7_1 = Vector512.FusedMultiplyAdd(s, b1, c7_1); }
            { var s = Vector512.Create(a[8]); c8_0 = Vector512.FusedMultiplyAdd(s, b0, c8_0); c8_1 = Vector512.FusedMultiplyAdd(s, b1, c8_1); }
            { var s = Vector512.Create(a[9]); c9_0 = Vector512.FusedMultiplyAdd(s, b0, c9_0); c9_1 = Vector512.FusedMultiplyAdd(s, b1, c9_1); }
            { var s = Vector512.Create(a[10]); c10_0 = Vector512.FusedMultiplyAdd(s, b0, c10_0); c10_1 = Vector512.FusedMultiplyAdd(s, b1, c10_1); }
            { var s = Vector512.Create(a[11]); c11_0 = Vector512.FusedMultiplyAdd(s, b0, c11_0); c11_1 = Vector512.FusedMultiplyAdd(s, b1, c11_1); }
        }
        // Bring the C tile toward L1 while the last iterations run, so the update below does not stall on it.
        for (int r = 0; r < 12; r++) PrefetchRow(c + r * (nint)ldc);
        for (; p < kc; p++, a += 12, b += 32)
        {
            var b0 = Vector512.Load(b + 0);
            var b1 = Vector512.Load(b + 16);
            { var s = Vector512.Create(a[0]); c0_0 = Vector512.FusedMultiplyAdd(s, b0, c0_0); c0_1 = Vector512.FusedMultiplyAdd(s, b1, c0_1); }
            { var s = Vector512.Create(a[1]); c1_0 = Vector512.FusedMultiplyAdd(s, b0, c1_0); c1_1 = Vector512.FusedMultiplyAdd(s, b1, c1_1); }
            { var s = Vector512.Create(a[2]); c2_0 = Vector512.FusedMultiplyAdd(s, b0, c2_0); c2_1 = Vector512.FusedMultiplyAdd(s, b1, c2_1); }
            { var s = Vector512.Create(a[3]); c3_0 = Vector512.FusedMultiplyAdd(s, b0, c3_0); c3_1 = Vector512.FusedMultiplyAdd(s, b1, c3_1); }
            { var s = Vector512.Create(a[4]); c4_0 = Vector512.FusedMultiplyAdd(s, b0, c4_0); c4_1 = Vector512.FusedMultiplyAdd(s, b1, c4_1); }
            { var s = Vector512.Create(a[5]); c5_0 = Vector512.FusedMultiplyAdd(s, b0, c5_0); c5_1 = Vector512.FusedMultiplyAdd(s, b1, c5_1); }
            { var s = Vector512.Create(a[6]); c6_0 = Vector512.FusedMultiplyAdd(s, b0, c6_0); c6_1 = Vector512.FusedMultiplyAdd(s, b1, c6_1); }
            { var s = Vector512.Create(a[7]); c7_0 = Vector512.FusedMultiplyAdd(s, b0, c7_0); c7_1 = Vector512.FusedMultiplyAdd(s, b1, c7_1); }
            { var s = Vector512.Create(a[8]); c8_0 = Vector512.FusedMultiplyAdd(s, b0, c8_0); c8_1 = Vector512.FusedMultiplyAdd(s, b1, c8_1); }
            { var s = Vector512.Create(a[9]); c9_0 = Vector512.FusedMultiplyAdd(s, b0, c9_0); c9_1 = Vector512.FusedMultiplyAdd(s, b1, c9_1); }
            { var s = Vector512.Create(a[10]); c10_0 = Vector512.FusedMultiplyAdd(s, b0, c10_0); c10_1 = Vector512.FusedMultiplyAdd(s, b1, c10_1); }
            { var s = Vector512.Create(a[11]); c11_0 = Vector512.FusedMultiplyAdd(s, b0, c11_0); c11_1 = Vector512.FusedMultiplyAdd(s, b1, c11_1); }
        }
        var va = Vector512.Create(alpha);
        var vb = Vector512.Create(beta);
        if (beta == 0f)
        {
            Vector512.Store(c0_0 * va, c + 0 * (nint)ldc + 0); Vector512.Store(c0_1 * va, c + 0 * (nint)ldc + 16);
            Vector512.Store(c1_0 * va, c + 1 * (nint)ldc + 0); Vector512.Store(c1_1 * va, c + 1 * (nint)ldc + 16);
            Vector512.Store(c2_0 * va, c + 2 * (nint)ldc + 0); Vector512.Store(c2_1 * va, c + 2 * (nint)ldc + 16);
            Vector512.Store(c3_0 * va, c + 3 * (nint)ldc + 0); Vector512.Store(c3_1 * va, c + 3 * (nint)ldc + 16);
            Vector512.Store(c4_0 * va, c + 4 * (nint)ldc + 0); Vector512.Store(c4_1 * va, c + 4 * (nint)ldc + 16);
            Vector512.Store(c5_0 * va, c + 5 * (nint)ldc + 0); Vector512.Store(c5_1 * va, c + 5 * (nint)ldc + 16);
            Vector512.Store(c6_0 * va, c + 6 * (nint)ldc + 0); Vector512.Store(c6_1 * va, c + 6 * (nint)ldc + 16);
            Vector512.Store(c7_0 * va, c + 7 * (nint)ldc + 0); Vector512.Store(c7_1 * va, c + 7 * (nint)ldc + 16);
            Vector512.Store(c8_0 * va, c + 8 * (nint)ldc + 0); Vector512.Store(c8_1 * va, c + 8 * (nint)ldc + 16);
            Vector512.Store(c9_0 * va, c + 9 * (nint)ldc + 0); Vector512.Store(c9_1 * va, c + 9 * (nint)ldc + 16);
            Vector512.Store(c10_0 * va, c + 10 * (nint)ldc + 0); Vector512.Store(c10_1 * va, c + 10 * (nint)ldc + 16);
            Vector512.Store(c11_0 * va, c + 11 * (nint)ldc + 0); Vector512.Store(c11_1 * va, c + 11 * (nint)ldc + 16);
        }
        else
        {
            Update512(c + 0 * (nint)ldc + 0, c0_0, va, vb); Update512(c + 0 * (nint)ldc + 16, c0_1, va, vb);
            Update512(c + 1 * (nint)ldc + 0, c1_0, va, vb); Update512(c + 1 * (nint)ldc + 16, c1_1, va, vb);
            Update512(c + 2 * (nint)ldc + 0, c2_0, va, vb); Update512(c + 2 * (nint)ldc + 16, c2_1, va, vb);
            Update512(c + 3 * (nint)ldc + 0, c3_0, va, vb); Update512(c + 3 * (nint)ldc + 16, c3_1, va, vb);
            Update512(c + 4 * (nint)ldc + 0, c4_0, va, vb); Update512(c + 4 * (nint)ldc + 16, c4_1, va, vb);
            Update512(c + 5 * (nint)ldc + 0, c5_0, va, vb); Update512(c + 5 * (nint)ldc + 16, c5_1, va, vb);
            Update512(c + 6 * (nint)ldc + 0, c6_0, va, vb); Update512(c + 6 * (nint)ldc + 16, c6_1, va, vb);
            Update512(c + 7 * (nint)ldc + 0, c7_0, va, vb); Update512(c + 7 * (nint)ldc + 16, c7_1, va, vb);
            Update512(c + 8 * (nint)ldc + 0, c8_0, va, vb); Update512(c + 8 * (nint)ldc + 16, c8_1, va, vb);
            Update512(c + 9 * (nint)ldc + 0, c9_0, va, vb); Update512(c + 9 * (nint)ldc + 16, c9_1, va, vb);
            Update512(c + 10 * (nint)ldc + 0, c10_0, va, vb); Update512(c + 10 * (nint)ldc + 16, c10_1, va, vb);
            Update512(c + 11 * (nint)ldc + 0, c11_0, va, vb); Update512(c + 11 * (nint)ldc + 16, c11_1, va, vb);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Update512(float* c, Vector512<float> acc, Vector512<float> alpha, Vector512<float> beta) =>
        Vector512.Store(Vector512.FusedMultiplyAdd(Vector512.Load(c), beta, acc * alpha), c);

    /// <summary>6 x 16 register tile: C = alpha (A sliver)(B sliver) + beta C, 12 Vector256 accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel6x16(int kc, float* a, float* b, float* c, int ldc, float alpha, float beta)
    {
        var c0_0 = Vector256<float>.Zero; var c0_1 = Vector256<float>.Zero;
        var c1_0 = Vector256<float>.Zero; var c1_1 = Vector256<float>.Zero;
        var c2_0 = Vector256<float>.Zero; var c2_1 = Vector256<float>.Zero;
        var c3_0 = Vector256<float>.Zero; var c3_1 = Vector256<float>.Zero;
        var c4_0 = Vector256<float>.Zero; var c4_1 = Vector256<float>.Zero;
        var c5_0 = Vector256<float>.Zero; var c5_1 = Vector256<float>.Zero;
        int p = 0;
        for (int head = kc - PrefetchDistance; p < head; p++, a += 6, b += 16)
        {
            var b0 = Vector256.Load(b + 0);
            var b1 = Vector256.Load(b + 8);
            { var s = Vector256.Create(a[0]); c0_0 = Vector256.FusedMultiplyAdd(s, b0, c0_0); c0_1 = Vector256.FusedMultiplyAdd(s, b1, c0_1); }
            { var s = Vector256.Create(a[1]); c1_0 = Vector256.FusedMultiplyAdd(s, b0, c1_0); c1_1 = Vector256.FusedMultiplyAdd(s, b1, c1_1); }
            { var s = Vector256.Create(a[2]); c2_0 = Vector256.FusedMultiplyAdd(s, b0, c2_0); c2_1 = Vector256.FusedMultiplyAdd(s, b1, c2_1); }
            { var s = Vector256.Create(a[3]); c3_0 = Vector256.FusedMultiplyAdd(s, b0, c3_0); c3_1 = Vector256.FusedMultiplyAdd(s, b1, c3_1); }
            { var s = Vector256.Create(a[4]); c4_0 = Vector256.FusedMultiplyAdd(s, b0, c4_0); c4_1 = Vector256.FusedMultiplyAdd(s, b1, c4_1); }
            { var s = Vector256.Create(a[5]); c5_0 = Vector256.FusedMultiplyAdd(s, b0, c5_0); c5_1 = Vector256.FusedMultiplyAdd(s, b1, c5_1); }
        }
        // Bring the C tile toward L1 while the last iterations run, so the update below does not stall on it.
        for (int r = 0; r < 6; r++) PrefetchRow(c + r * (nint)ldc);
        for (; p < kc; p++, a += 6, b += 16)
        {
            var b0 = Vector256.Load(b + 0);
            var b1 = Vector256.Load(b + 8);
            { var s = Vector256.Create(a[0]); c0_0 = Vector256.FusedMultiplyAdd(s, b0, c0_0); c0_1 = Vector256.FusedMultiplyAdd(s, b1, c0_1); }
            { var s = Vector256.Create(a[1]); c1_0 = Vector256.FusedMultiplyAdd(s, b0, c1_0); c1_1 = Vector256.FusedMultiplyAdd(s, b1, c1_1); }
            { var s = Vector256.Create(a[2]); c2_0 = Vector256.FusedMultiplyAdd(s, b0, c2_0); c2_1 = Vector256.FusedMultiplyAdd(s, b1, c2_1); }
            { var s = Vector256.Create(a[3]); c3_0 = Vector256.FusedMultiplyAdd(s, b0, c3_0); c3_1 = Vector256.FusedMultiplyAdd(s, b1, c3_1); }
            { var s = Vector256.Create(a[4]); c4_0 = Vector256.FusedMultiplyAdd(s, b0, c4_0); c4_1 = Vector256.FusedMultiplyAdd(s, b1, c4_1); }
            { var s = Vector256.Create(a[5]); c5_0 = Vector256.FusedMultiplyAdd(s, b0, c5_0); c5_1 = Vector256.FusedMultiplyAdd(s, b1, c5_1); }
        }
        var va = Vector256.Create(alpha);
        var vb = Vector256.Create(beta);
        if (beta == 0f)
        {
            Vector256.Store(c0_0 * va, c + 0 * (nint)ldc + 0); Vector256.Store(c0_1 * va, c + 0 * (nint)ldc + 8);
            Vector256.Store(c1_0 * va, c + 1 * (nint)ldc + 0); Vector256.Store(c1_1 * va, c + 1 * (nint)ldc + 8);
            Vector256.Store(c2_0 * va, c + 2 * (nint)ldc + 0); Vector256.Store(c2_1 * va, c + 2 * (nint)ldc + 8);
            Vector256.Store(c3_0 * va, c + 3 * (nint)ldc + 0); Vector256.Store(c3_1 * va, c + 3 * (nint)ldc + 8);
            Vector256.Store(c4_0 * va, c + 4 * (nint)ldc + 0); Vector256.Store(c4_1 * va, c + 4 * (nint)ldc + 8);
            Vector256.Store(c5_0 * va, c + 5 * (nint)ldc + 0); Vector256.Store(c5_1 * va, c + 5 * (nint)ldc + 8);
        }
        else
        {
            Update256(c + 0 * (nint)ldc + 0, c0_0, va, vb); Update256(c + 0 * (nint)ldc + 8, c0_1, va, vb);
            Update256(c + 1 * (nint)ldc + 0, c1_0, va, vb); Update256(c + 1 * (nint)ldc + 8, c1_1, va, vb);
            Update256(c + 2 * (nint)ldc + 0, c2_0, va, vb); Update256(c + 2 * (nint)ldc + 8, c2_1, va, vb);
            Update256(c + 3 * (nint)ldc + 0, c3_0, va, vb); Update256(c + 3 * (nint)ldc + 8, c3_1, va, vb);
            Update256(c + 4 * (nint)ldc + 0, c4_0, va, vb); Update256(c + 4 * (nint)ldc + 8, c4_1, va, vb);
            Update256(c + 5 * (nint)ldc + 0, c5_0, va, vb); Update256(c + 5 * (nint)ldc + 8, c5_1, va, vb);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Update256(float* c, Vector256<float> acc, Vector256<float> alpha, Vector256<float> beta) =>
        Vector256.Store(Vector256.FusedMultiplyAdd(Vector256.Load(c), beta, acc * alpha), c);
}
