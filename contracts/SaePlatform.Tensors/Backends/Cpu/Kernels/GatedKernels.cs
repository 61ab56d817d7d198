using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SaePlatform.Tensors.Backends.Cpu.Kernels;

/// <summary>
/// Row kernels of the gated SAE's magnitude path (Rajamanoharan et al. 2024), written in terms of the gate
/// activity g = ReLU(pi_gate): f = 1[g &gt; 0] * max(0, (g - b_gate) * e + b_mag) with e = exp(r_mag).
/// </summary>
internal static class GatedKernels
{
    /// <summary>f[j] = g[j] &gt; 0 ? max(0, (g[j] - bGate[j]) * scale[j] + bMag[j]) : 0 over one row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(ReadOnlySpan<float> g, ReadOnlySpan<float> bGate, ReadOnlySpan<float> scale, ReadOnlySpan<float> bMag, Span<float> f)
    {
        ref float gp = ref MemoryMarshal.GetReference(g);
        ref float bgp = ref MemoryMarshal.GetReference(bGate);
        ref float sp = ref MemoryMarshal.GetReference(scale);
        ref float bmp = ref MemoryMarshal.GetReference(bMag);
        ref float fp = ref MemoryMarshal.GetReference(f);
        int n = f.Length, i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= n - 8; i += 8)
            {
                var gv = Vector256.LoadUnsafe(ref gp, (nuint)i);
                var mag = (gv - Vector256.LoadUnsafe(ref bgp, (nuint)i)) * Vector256.LoadUnsafe(ref sp, (nuint)i) + Vector256.LoadUnsafe(ref bmp, (nuint)i);
                // "not closed" rather than "open", so that NaN passes through as NaN (as the composed ops give).
                var closed = Vector256.LessThanOrEqual(gv, Vector256<float>.Zero);
                Vector256.AndNot(Vector256.Max(mag, Vector256<float>.Zero), closed).StoreUnsafe(ref fp, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            float gv = Unsafe.Add(ref gp, i);
            float mag = (gv - Unsafe.Add(ref bgp, i)) * Unsafe.Add(ref sp, i) + Unsafe.Add(ref bmp, i);
            Unsafe.Add(ref fp, i) = gv <= 0f ? 0f : MathF.Max(mag, 0f);
        }
    }

    /// <summary>
    /// Backward over one row with m = f &gt; 0 ? gradF : 0, f's sign recomputed exactly as <see cref="Forward"/> computes
    /// it (cheaper than reading f back): gradGate = m * scale + beta * gradGate (when wanted),
    /// and, when <paramref name="sumM"/> is not empty, sumM[j] += m[j] and sumMh[j] += m[j] * (g[j] - bGate[j]) (float64).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(ReadOnlySpan<float> gradF, ReadOnlySpan<float> g, ReadOnlySpan<float> bGate,
        ReadOnlySpan<float> scale, ReadOnlySpan<float> bMag, Span<float> gradGate, float beta, Span<double> sumM, Span<double> sumMh)
    {
        ref float dfp = ref MemoryMarshal.GetReference(gradF);
        ref float gp = ref MemoryMarshal.GetReference(g);
        ref float bgp = ref MemoryMarshal.GetReference(bGate);
        ref float sp = ref MemoryMarshal.GetReference(scale);
        ref float bmp = ref MemoryMarshal.GetReference(bMag);
        ref float dgp = ref MemoryMarshal.GetReference(gradGate);
        ref double s1 = ref MemoryMarshal.GetReference(sumM);
        ref double s2 = ref MemoryMarshal.GetReference(sumMh);
        bool wantGate = !gradGate.IsEmpty, wantSums = !sumM.IsEmpty;
        int n = g.Length, i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var vb = Vector256.Create(beta);
            for (; i <= n - 8; i += 8)
            {
                var gv = Vector256.LoadUnsafe(ref gp, (nuint)i);
                var h = gv - Vector256.LoadUnsafe(ref bgp, (nuint)i);
                var mag = h * Vector256.LoadUnsafe(ref sp, (nuint)i) + Vector256.LoadUnsafe(ref bmp, (nuint)i);
                var open = Vector256.GreaterThan(gv, Vector256<float>.Zero) & Vector256.GreaterThan(mag, Vector256<float>.Zero);
                var m = Vector256.LoadUnsafe(ref dfp, (nuint)i) & open;
                if (wantGate)
                {
                    var d = m * Vector256.LoadUnsafe(ref sp, (nuint)i);
                    if (beta != 0f) d += vb * Vector256.LoadUnsafe(ref dgp, (nuint)i);
                    d.StoreUnsafe(ref dgp, (nuint)i);
                }
                if (!wantSums) continue;
                var mh = m * h;
                var (lo, hi) = Vector256.Widen(m);
                (Vector256.LoadUnsafe(ref s1, (nuint)i) + lo).StoreUnsafe(ref s1, (nuint)i);
                (Vector256.LoadUnsafe(ref s1, (nuint)(i + 4)) + hi).StoreUnsafe(ref s1, (nuint)(i + 4));
                (lo, hi) = Vector256.Widen(mh);
                (Vector256.LoadUnsafe(ref s2, (nuint)i) + lo).StoreUnsafe(ref s2, (nuint)i);
                (Vector256.LoadUnsafe(ref s2, (nuint)(i + 4)) + hi).StoreUnsafe(ref s2, (nuint)(i + 4));
            }
        }
        for (; i < n; i++)
        {
            float gv = Unsafe.Add(ref gp, i), h = gv - Unsafe.Add(ref bgp, i);
            float mag = h * Unsafe.Add(ref sp, i) + Unsafe.Add(ref bmp, i);
            float m = gv > 0f && mag > 0f ? Unsafe.Add(ref dfp, i) : 0f;
            if (wantGate)
            {
                ref float d = ref Unsafe.Add(ref dgp, i);
                d = beta == 0f ? m * Unsafe.Add(ref sp, i) : m * Unsafe.Add(ref sp, i) + beta * d;
            }
            if (!wantSums) continue;
            Unsafe.Add(ref s1, i) += m;
            Unsafe.Add(ref s2, i) += m * h;
        }
    }
}
