using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SaePlatform.Tensors.Backends.Cpu.Sparse;

/// <summary>
/// Matrix transposes for the sparse kernels: 8x8 register tiles with AVX (the usual
/// unpack / shuffle / permute2f128 sequence), scalar at the edges and without AVX.
/// </summary>
internal static class Transpose
{
    /// <summary>dst [cols, rows] = src [rows, cols]^T, parallel over row bands.</summary>
    public static void Full(float[] src, int rows, int cols, float[] dst)
    {
        int bands = (rows + 7) / 8;
        DeterministicPartition.ForRanges(bands, 8L * cols, (b0, b1) =>
        {
            for (int band = b0; band < b1; band++)
            {
                int r = band * 8;
                int j = 0;
                if (Avx.IsSupported && r + 8 <= rows)
                    for (; j + 8 <= cols; j += 8)
                        Tile8x8(ref src[r * cols + j], cols, ref dst[j * rows + r], rows, 0f);
                for (int rr = r; rr < Math.Min(r + 8, rows); rr++)
                    for (int jj = j; jj < cols; jj++)
                        dst[jj * rows + rr] = src[rr * cols + jj];
            }
        });
    }

    /// <summary>
    /// Writes the transpose of an 8x8 tile: <c>dst[i * dstStride + c] = src[c * srcStride + i] + beta * dst[...]</c>
    /// (beta 0 overwrites without reading the destination).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Tile8x8(ref float src, int srcStride, ref float dst, int dstStride, float beta)
    {
        var r0 = Vector256.LoadUnsafe(ref src);
        var r1 = Vector256.LoadUnsafe(ref src, (nuint)srcStride);
        var r2 = Vector256.LoadUnsafe(ref src, (nuint)(2 * srcStride));
        var r3 = Vector256.LoadUnsafe(ref src, (nuint)(3 * srcStride));
        var r4 = Vector256.LoadUnsafe(ref src, (nuint)(4 * srcStride));
        var r5 = Vector256.LoadUnsafe(ref src, (nuint)(5 * srcStride));
        var r6 = Vector256.LoadUnsafe(ref src, (nuint)(6 * srcStride));
        var r7 = Vector256.LoadUnsafe(ref src, (nuint)(7 * srcStride));

        var t0 = Avx.UnpackLow(r0, r1); var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3); var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5); var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7); var t7 = Avx.UnpackHigh(r6, r7);

        var u0 = Avx.Shuffle(t0, t2, 0x44); var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44); var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44); var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44); var u7 = Avx.Shuffle(t5, t7, 0xEE);

        Store(Avx.Permute2x128(u0, u4, 0x20), ref dst, 0, beta);
        Store(Avx.Permute2x128(u1, u5, 0x20), ref dst, dstStride, beta);
        Store(Avx.Permute2x128(u2, u6, 0x20), ref dst, 2 * dstStride, beta);
        Store(Avx.Permute2x128(u3, u7, 0x20), ref dst, 3 * dstStride, beta);
        Store(Avx.Permute2x128(u0, u4, 0x31), ref dst, 4 * dstStride, beta);
        Store(Avx.Permute2x128(u1, u5, 0x31), ref dst, 5 * dstStride, beta);
        Store(Avx.Permute2x128(u2, u6, 0x31), ref dst, 6 * dstStride, beta);
        Store(Avx.Permute2x128(u3, u7, 0x31), ref dst, 7 * dstStride, beta);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector256<float> v, ref float dst, int offset, float beta)
    {
        if (beta != 0f) v += Vector256.LoadUnsafe(ref dst, (nuint)offset) * Vector256.Create(beta);
        v.StoreUnsafe(ref dst, (nuint)offset);
    }
}
