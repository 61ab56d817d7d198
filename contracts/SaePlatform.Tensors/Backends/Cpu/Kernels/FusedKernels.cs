using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SaePlatform.Tensors.Backends.Cpu.Kernels;

/// <summary>Single-pass row kernels of the fused SAE operations.</summary>
internal static class FusedKernels
{
    /// <summary>y[j] = max(0, y[j] + bias[j]) over one row (no bias when empty); returns how many stay positive or NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int BiasRelu(Span<float> y, ReadOnlySpan<float> bias)
    {
        ref float yp = ref MemoryMarshal.GetReference(y);
        ref float bp = ref MemoryMarshal.GetReference(bias);
        bool hasBias = !bias.IsEmpty;
        int n = y.Length, i = 0, count = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= n - 8; i += 8)
            {
                var v = Vector256.LoadUnsafe(ref yp, (nuint)i);
                if (hasBias) v += Vector256.LoadUnsafe(ref bp, (nuint)i);
                // Vector256.Max keeps NaN, as TensorPrimitives.Max (the plain ReLU) does; "not <= 0" counts it.
                Vector256.Max(v, Vector256<float>.Zero).StoreUnsafe(ref yp, (nuint)i);
                count += BitOperations.PopCount(~Vector256.LessThanOrEqual(v, Vector256<float>.Zero).ExtractMostSignificantBits() & 0xFFu);
            }
        }
        for (; i < n; i++)
        {
            float v = hasBias ? Unsafe.Add(ref yp, i) + Unsafe.Add(ref bp, i) : Unsafe.Add(ref yp, i);
            Unsafe.Add(ref yp, i) = MathF.Max(v, 0f);
            if (!(v <= 0f)) count++;
        }
        return count;
    }

    /// <summary>
    /// d = y &gt; 0 ? g + scale * addend : 0 and acc[j] += d[j] (float64), in one pass over the row. An empty
    /// <paramref name="g"/> reads as zeros, an empty <paramref name="addend"/> adds nothing, an empty
    /// <paramref name="acc"/> skips the sums; <paramref name="d"/> may be <paramref name="g"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ReluMaskAndColumnSum(ReadOnlySpan<float> g, ReadOnlySpan<float> addend, float scale, ReadOnlySpan<float> y, Span<float> d, Span<double> acc)
    {
        ref float gp = ref MemoryMarshal.GetReference(g);
        ref float xp = ref MemoryMarshal.GetReference(addend);
        ref float yp = ref MemoryMarshal.GetReference(y);
        ref float dp = ref MemoryMarshal.GetReference(d);
        ref double ap = ref MemoryMarshal.GetReference(acc);
        bool hasG = !g.IsEmpty, hasAddend = !addend.IsEmpty, sums = !acc.IsEmpty;
        int n = d.Length, i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var s = Vector256.Create(scale);
            for (; i <= n - 8; i += 8)
            {
                var v = hasG ? Vector256.LoadUnsafe(ref gp, (nuint)i) : Vector256<float>.Zero;
                if (hasAddend) v = Vector256.FusedMultiplyAdd(s, Vector256.LoadUnsafe(ref xp, (nuint)i), v);
                v &= Vector256.GreaterThan(Vector256.LoadUnsafe(ref yp, (nuint)i), Vector256<float>.Zero);
                v.StoreUnsafe(ref dp, (nuint)i);
                if (!sums) continue;
                var (lo, hi) = Vector256.Widen(v);
                (Vector256.LoadUnsafe(ref ap, (nuint)i) + lo).StoreUnsafe(ref ap, (nuint)i);
                (Vector256.LoadUnsafe(ref ap, (nuint)(i + 4)) + hi).StoreUnsafe(ref ap, (nuint)(i + 4));
            }
        }
        for (; i < n; i++)
        {
            float v = hasG ? Unsafe.Add(ref gp, i) : 0f;
            if (hasAddend) v = MathF.FusedMultiplyAdd(scale, Unsafe.Add(ref xp, i), v);
            v = Unsafe.Add(ref yp, i) > 0 ? v : 0f;
            Unsafe.Add(ref dp, i) = v;
            if (sums) Unsafe.Add(ref ap, i) += v;
        }
    }

    /// <summary>Sum of (a - b)^2: differences in float32 (as the unfused ops would), squares and sum in float64.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double SquaredError(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        ref float ap = ref MemoryMarshal.GetReference(a);
        ref float bp = ref MemoryMarshal.GetReference(b);
        int n = a.Length, i = 0;
        double s = 0;
        if (Vector256.IsHardwareAccelerated && n >= 8)
        {
            Vector256<double> s0 = default, s1 = default;
            for (; i <= n - 8; i += 8)
            {
                var diff = Vector256.LoadUnsafe(ref ap, (nuint)i) - Vector256.LoadUnsafe(ref bp, (nuint)i);
                var (lo, hi) = Vector256.Widen(diff);
                s0 += lo * lo; s1 += hi * hi;
            }
            s = Vector256.Sum(s0 + s1);
        }
        for (; i < n; i++)
        {
            double diff = Unsafe.Add(ref ap, i) - Unsafe.Add(ref bp, i);
            s += diff * diff;
        }
        return s;
    }

    /// <summary>da = c (a - b) + betaA da; db = -c (a - b) + betaB db; either destination may be empty.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SquaredErrorGrad(ReadOnlySpan<float> a, ReadOnlySpan<float> b, float c, Span<float> da, float betaA, Span<float> db, float betaB)
    {
        ref float ap = ref MemoryMarshal.GetReference(a);
        ref float bp = ref MemoryMarshal.GetReference(b);
        ref float dap = ref MemoryMarshal.GetReference(da);
        ref float dbp = ref MemoryMarshal.GetReference(db);
        bool wantA = !da.IsEmpty, wantB = !db.IsEmpty;
        int n = a.Length, i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var vc = Vector256.Create(c);
            var vba = Vector256.Create(betaA);
            var vbb = Vector256.Create(betaB);
            for (; i <= n - 8; i += 8)
            {
                var v = vc * (Vector256.LoadUnsafe(ref ap, (nuint)i) - Vector256.LoadUnsafe(ref bp, (nuint)i));
                if (wantA)
                {
                    var r = betaA == 0 ? v : v + vba * Vector256.LoadUnsafe(ref dap, (nuint)i);
                    r.StoreUnsafe(ref dap, (nuint)i);
                }
                if (wantB)
                {
                    var r = betaB == 0 ? -v : vbb * Vector256.LoadUnsafe(ref dbp, (nuint)i) - v;
                    r.StoreUnsafe(ref dbp, (nuint)i);
                }
            }
        }
        for (; i < n; i++)
        {
            float v = c * (Unsafe.Add(ref ap, i) - Unsafe.Add(ref bp, i));
            if (wantA)
            {
                ref float d = ref Unsafe.Add(ref dap, i);
                d = betaA == 0 ? v : v + betaA * d;
            }
            if (wantB)
            {
                ref float d = ref Unsafe.Add(ref dbp, i);
                d = betaB == 0 ? -v : betaB * d - v;
            }
        }
    }
}
