using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SaePlatform.Tensors.Backends.Cpu.Kernels;

/// <summary>Vectorised select-style loops: gradients that pass or block g element by element.</summary>
internal static class MaskKernels
{
    public enum Condition
    {
        /// <summary>c &gt; 0.</summary>
        Positive,

        /// <summary>lo &lt;= c &lt;= hi.</summary>
        Inside,

        /// <summary>c != 0.</summary>
        NonZero,

        /// <summary>c == 0.</summary>
        Zero,
    }

    /// <summary>d = (cond(c) ? g : 0) + beta * d.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MaskedCopy(ReadOnlySpan<float> g, ReadOnlySpan<float> c, Condition cond, float lo, float hi, float beta, Span<float> d)
    {
        ref float gp = ref MemoryMarshal.GetReference(g);
        ref float cp = ref MemoryMarshal.GetReference(c);
        ref float dp = ref MemoryMarshal.GetReference(d);
        int n = d.Length, i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var vlo = Vector256.Create(lo);
            var vhi = Vector256.Create(hi);
            var vbeta = Vector256.Create(beta);
            for (; i <= n - 8; i += 8)
            {
                var cv = Vector256.LoadUnsafe(ref cp, (nuint)i);
                var mask = cond switch
                {
                    Condition.Positive => Vector256.GreaterThan(cv, Vector256<float>.Zero),
                    Condition.Inside => Vector256.GreaterThanOrEqual(cv, vlo) & Vector256.LessThanOrEqual(cv, vhi),
                    Condition.NonZero => ~Vector256.Equals(cv, Vector256<float>.Zero),
                    _ => Vector256.Equals(cv, Vector256<float>.Zero),
                };
                var v = Vector256.LoadUnsafe(ref gp, (nuint)i) & mask;
                if (beta != 0) v += vbeta * Vector256.LoadUnsafe(ref dp, (nuint)i);
                v.StoreUnsafe(ref dp, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            float cv = Unsafe.Add(ref cp, i);
            bool pass = cond switch
            {
                Condition.Positive => cv > 0,
                Condition.Inside => cv >= lo && cv <= hi,
                Condition.NonZero => cv != 0,
                _ => cv == 0,
            };
            float v = pass ? Unsafe.Add(ref gp, i) : 0f;
            ref float dv = ref Unsafe.Add(ref dp, i);
            dv = beta == 0 ? v : v + beta * dv;
        }
    }

    /// <summary>d = g * sign(x) + beta * d, with sign(0) = 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SignTimes(ReadOnlySpan<float> g, ReadOnlySpan<float> x, float beta, Span<float> d)
    {
        ref float gp = ref MemoryMarshal.GetReference(g);
        ref float xp = ref MemoryMarshal.GetReference(x);
        ref float dp = ref MemoryMarshal.GetReference(d);
        int n = d.Length, i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var vbeta = Vector256.Create(beta);
            for (; i <= n - 8; i += 8)
            {
                var xv = Vector256.LoadUnsafe(ref xp, (nuint)i);
                var gv = Vector256.LoadUnsafe(ref gp, (nuint)i);
                var v = (gv & Vector256.GreaterThan(xv, Vector256<float>.Zero)) - (gv & Vector256.LessThan(xv, Vector256<float>.Zero));
                if (beta != 0) v += vbeta * Vector256.LoadUnsafe(ref dp, (nuint)i);
                v.StoreUnsafe(ref dp, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            float xv = Unsafe.Add(ref xp, i), gv = Unsafe.Add(ref gp, i);
            float v = xv > 0 ? gv : xv < 0 ? -gv : 0f;
            ref float dv = ref Unsafe.Add(ref dp, i);
            dv = beta == 0 ? v : v + beta * dv;
        }
    }

    /// <summary>y = m != 0 ? a : b.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Select(ReadOnlySpan<float> m, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y)
    {
        ref float mp = ref MemoryMarshal.GetReference(m);
        ref float ap = ref MemoryMarshal.GetReference(a);
        ref float bp = ref MemoryMarshal.GetReference(b);
        ref float yp = ref MemoryMarshal.GetReference(y);
        int n = y.Length, i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= n - 8; i += 8)
            {
                var isZero = Vector256.Equals(Vector256.LoadUnsafe(ref mp, (nuint)i), Vector256<float>.Zero);
                Vector256.ConditionalSelect(isZero, Vector256.LoadUnsafe(ref bp, (nuint)i), Vector256.LoadUnsafe(ref ap, (nuint)i))
                    .StoreUnsafe(ref yp, (nuint)i);
            }
        }
        for (; i < n; i++)
            Unsafe.Add(ref yp, i) = Unsafe.Add(ref mp, i) != 0 ? Unsafe.Add(ref ap, i) : Unsafe.Add(ref bp, i);
    }
}
