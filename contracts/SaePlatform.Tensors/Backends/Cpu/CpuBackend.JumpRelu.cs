using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SaePlatform.Tensors.Backends.Cpu;

// JumpReLU and its Heaviside step with the straight-through rectangle-kernel pseudo-gradient of
// Rajamanoharan et al. 2024 ("Jumping Ahead"), as SAELens implements them.
public sealed partial class CpuBackend
{
    // Columns per band in the backward pass; each band owns its thresholds' sums over all rows.
    private const int JumpReluBand = 256;

    /// <inheritdoc />
    public void JumpReluForward(Tensor h, Tensor threshold, bool step, Tensor result)
    {
        float[] x = h.Array, theta = threshold.Array, y = result.Array;
        int n = h.Cols;
        DeterministicPartition.ForRanges(h.Rows, n, (r0, r1) =>
        {
            for (int r = r0; r < r1; r++)
            {
                var xr = x.AsSpan(r * n, n);
                var yr = y.AsSpan(r * n, n);
                int j = 0;
                if (Vector256.IsHardwareAccelerated)
                {
                    ref float xs = ref MemoryMarshal.GetReference(xr);
                    ref float ys = ref MemoryMarshal.GetReference(yr);
                    ref float ts = ref theta[0];
                    for (; j + Vector256<float>.Count <= n; j += Vector256<float>.Count)
                    {
                        var v = Vector256.LoadUnsafe(ref xs, (nuint)j);
                        var above = Vector256.GreaterThan(v, Vector256.LoadUnsafe(ref ts, (nuint)j));
                        var kept = step ? Vector256<float>.One : v;
                        Vector256.ConditionalSelect(above, kept, Vector256<float>.Zero).StoreUnsafe(ref ys, (nuint)j);
                    }
                }
                for (; j < n; j++) yr[j] = xr[j] > theta[j] ? (step ? 1f : xr[j]) : 0f;
            }
        });
    }

    /// <inheritdoc />
    public void JumpReluBackward(Tensor h, Tensor threshold, float bandwidth, bool step, Tensor grad,
        Tensor? gradH, float betaH, Tensor? gradThreshold, float betaThreshold)
    {
        float[] x = h.Array, theta = threshold.Array, g = grad.Array;
        float[]? gh = gradH?.Array, gt = gradThreshold?.Array;
        int rows = h.Rows, n = h.Cols;
        float halfWidth = 0.5f * bandwidth;
        int bands = (n + JumpReluBand - 1) / JumpReluBand;
        DeterministicPartition.ForRanges(bands, (long)rows * JumpReluBand, (b0, b1) =>
        {
            var window = new float[JumpReluBand]; // sum over rows of g inside the rectangle, per column
            for (int band = b0; band < b1; band++)
            {
                int c0 = band * JumpReluBand, width = Math.Min(JumpReluBand, n - c0);
                var acc = window.AsSpan(0, width);
                acc.Clear();
                var th = theta.AsSpan(c0, width);
                for (int r = 0; r < rows; r++)
                {
                    int o = r * n + c0;
                    var xr = x.AsSpan(o, width);
                    var gr = g.AsSpan(o, width);
                    var hr = gh is null ? default : gh.AsSpan(o, width);
                    BandRow(xr, th, gr, hr, betaH, gt is not null ? acc : default, halfWidth);
                }
                if (gt is null) continue;
                for (int j = 0; j < width; j++)
                {
                    // d/dtheta of h*1[h>theta] is -(theta/eps) K((h-theta)/eps); of 1[h>theta] it is -(1/eps) K(.).
                    float factor = -(step ? 1f : th[j]) / bandwidth;
                    ref float t = ref gt[c0 + j];
                    t = factor * acc[j] + (betaThreshold == 0f ? 0f : betaThreshold * t);
                }
            }
        });
    }

    /// <summary>One row of one band: the gradient to h (when wanted) and the rectangle-window sums of g.</summary>
    private static void BandRow(ReadOnlySpan<float> x, ReadOnlySpan<float> theta, ReadOnlySpan<float> g,
        Span<float> gradH, float betaH, Span<float> window, float halfWidth)
    {
        bool wantH = !gradH.IsEmpty, wantT = !window.IsEmpty;
        int j = 0, n = x.Length;
        if (Vector256.IsHardwareAccelerated)
        {
            var hw = Vector256.Create(halfWidth);
            var beta = Vector256.Create(betaH);
            for (; j + Vector256<float>.Count <= n; j += Vector256<float>.Count)
            {
                var xv = Vector256.Create(x.Slice(j, Vector256<float>.Count));
                var tv = Vector256.Create(theta.Slice(j, Vector256<float>.Count));
                var gv = Vector256.Create(g.Slice(j, Vector256<float>.Count));
                if (wantH)
                {
                    var slot = gradH.Slice(j, Vector256<float>.Count);
                    var d = Vector256.ConditionalSelect(Vector256.GreaterThan(xv, tv), gv, Vector256<float>.Zero);
                    if (betaH != 0f) d += beta * Vector256.Create((ReadOnlySpan<float>)slot);
                    d.CopyTo(slot);
                }
                if (wantT)
                {
                    var inside = Vector256.LessThan(Vector256.Abs(xv - tv), hw);
                    var slot = window.Slice(j, Vector256<float>.Count);
                    (Vector256.Create((ReadOnlySpan<float>)slot) + Vector256.ConditionalSelect(inside, gv, Vector256<float>.Zero)).CopyTo(slot);
                }
            }
        }
        for (; j < n; j++)
        {
            if (wantH) gradH[j] = (x[j] > theta[j] ? g[j] : 0f) + (betaH == 0f ? 0f : betaH * gradH[j]);
            if (wantT && MathF.Abs(x[j] - theta[j]) < halfWidth) window[j] += g[j];
        }
    }
}
