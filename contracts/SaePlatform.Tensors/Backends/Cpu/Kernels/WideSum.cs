using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SaePlatform.Tensors.Backends.Cpu.Kernels;

/// <summary>
/// Float32 data summed in float64 lanes, in a fixed order (deterministic; error about 1e-16 relative
/// per element instead of float32's 6e-8 times the length).
/// </summary>
internal static class WideSum
{
    /// <summary>Sum of x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Sum(ReadOnlySpan<float> x)
    {
        ref float p = ref MemoryMarshal.GetReference(x);
        int n = x.Length, i = 0;
        double s = 0;
        if (Vector256.IsHardwareAccelerated && n >= 16)
        {
            Vector256<double> a0 = default, a1 = default, a2 = default, a3 = default;
            for (; i <= n - 16; i += 16)
            {
                var (l0, h0) = Vector256.Widen(Vector256.LoadUnsafe(ref p, (nuint)i));
                var (l1, h1) = Vector256.Widen(Vector256.LoadUnsafe(ref p, (nuint)(i + 8)));
                a0 += l0; a1 += h0; a2 += l1; a3 += h1;
            }
            s = Vector256.Sum((a0 + a1) + (a2 + a3));
        }
        for (; i < n; i++) s += Unsafe.Add(ref p, i);
        return s;
    }

    /// <summary>Sum of x squared (each square formed in float64).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double SumOfSquares(ReadOnlySpan<float> x)
    {
        ref float p = ref MemoryMarshal.GetReference(x);
        int n = x.Length, i = 0;
        double s = 0;
        if (Vector256.IsHardwareAccelerated && n >= 8)
        {
            Vector256<double> a0 = default, a1 = default;
            for (; i <= n - 8; i += 8)
            {
                var (l, h) = Vector256.Widen(Vector256.LoadUnsafe(ref p, (nuint)i));
                a0 += l * l; a1 += h * h;
            }
            s = Vector256.Sum(a0 + a1);
        }
        for (; i < n; i++)
        {
            double v = Unsafe.Add(ref p, i);
            s += v * v;
        }
        return s;
    }

    /// <summary>acc[j] += x[j] (column sums: one call per row).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddTo(ReadOnlySpan<float> x, Span<double> acc)
    {
        ref float p = ref MemoryMarshal.GetReference(x);
        ref double q = ref MemoryMarshal.GetReference(acc);
        int n = x.Length, i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= n - 8; i += 8)
            {
                var (l, h) = Vector256.Widen(Vector256.LoadUnsafe(ref p, (nuint)i));
                (Vector256.LoadUnsafe(ref q, (nuint)i) + l).StoreUnsafe(ref q, (nuint)i);
                (Vector256.LoadUnsafe(ref q, (nuint)(i + 4)) + h).StoreUnsafe(ref q, (nuint)(i + 4));
            }
        }
        for (; i < n; i++) Unsafe.Add(ref q, i) += Unsafe.Add(ref p, i);
    }

    /// <summary>acc[j] += x[j]^2 (column sums of squares).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddSquaresTo(ReadOnlySpan<float> x, Span<double> acc)
    {
        ref float p = ref MemoryMarshal.GetReference(x);
        ref double q = ref MemoryMarshal.GetReference(acc);
        int n = x.Length, i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= n - 8; i += 8)
            {
                var (l, h) = Vector256.Widen(Vector256.LoadUnsafe(ref p, (nuint)i));
                (Vector256.LoadUnsafe(ref q, (nuint)i) + l * l).StoreUnsafe(ref q, (nuint)i);
                (Vector256.LoadUnsafe(ref q, (nuint)(i + 4)) + h * h).StoreUnsafe(ref q, (nuint)(i + 4));
            }
        }
        for (; i < n; i++)
        {
            double v = Unsafe.Add(ref p, i);
            Unsafe.Add(ref q, i) += v * v;
        }
    }
}
