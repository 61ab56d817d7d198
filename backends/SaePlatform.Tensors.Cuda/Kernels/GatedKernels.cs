using ILGPU;

namespace SaePlatform.Tensors.Cuda.Kernels;

/// <summary>
/// The gated SAE's magnitude path (Rajamanoharan et al. 2024) in terms of the gate activity g = ReLU(pi_gate):
/// f = 1[g &gt; 0] * max(0, (g - b_gate) * e + b_mag) with e = exp(r_mag), forward element-wise and backward one thread per
/// column (the column sums in float64, rows in order).
/// </summary>
internal static class GatedKernels
{
    /// <summary>Operands of the gated kernels; the Want flags say which gradients exist.</summary>
    public struct Args
    {
        public ArrayView<float> GradF, Gate, BGate, RMag, BMag, Features;
        public ArrayView<float> GradGate, GradBGate, GradRMag, GradBMag;
        public float BetaGate, BetaBGate, BetaRMag, BetaBMag;
        public int WantGate, WantBGate, WantRMag, WantBMag;
        public int Rows, Cols;
    }

    /// <summary>f = g &gt; 0 ? max(0, (g - bGate) * exp(rMag) + bMag) : 0 (NaN passes as NaN, as on the CPU).</summary>
    public static void Forward(Index1D index, Args a)
    {
        int i = index / a.Cols, j = index - i * a.Cols;
        float g = a.Gate[index], scale = MathF.Exp(a.RMag[j]);
        float mag = (g - a.BGate[j]) * scale + a.BMag[j];
        a.Features[index] = g <= 0f ? 0f : mag <= 0f ? 0f : mag;
    }

    /// <summary>
    /// One thread per column j: m = gradF where the feature is positive (recomputed from the gate), gradGate = m * e +
    /// beta * gradGate down the column, and the float64 sums of m and m * (g - bGate) (product in float32, as the CPU)
    /// into gradBMag = sum m, gradRMag = e * sum m h, gradBGate = -e * sum m, each plus its beta times its old value.
    /// </summary>
    public static void BackwardColumns(Index1D j, Args a)
    {
        float scale = MathF.Exp(a.RMag[j]), bGate = a.BGate[j], bMag = a.BMag[j];
        double sumM = 0, sumMh = 0;
        for (int i = 0; i < a.Rows; i++)
        {
            int index = i * a.Cols + j;
            float g = a.Gate[index], h = g - bGate;
            float mag = h * scale + bMag;
            float m = g > 0f && mag > 0f ? a.GradF[index] : 0f;
            if (a.WantGate != 0) a.GradGate[index] = a.BetaGate == 0f ? m * scale : m * scale + a.BetaGate * a.GradGate[index];
            sumM += m;
            sumMh += m * h;
        }
        double e = scale;
        if (a.WantBMag != 0) a.GradBMag[j] = Accumulate(sumM, a.BetaBMag, a.GradBMag[j]);
        if (a.WantRMag != 0) a.GradRMag[j] = Accumulate(e * sumMh, a.BetaRMag, a.GradRMag[j]);
        if (a.WantBGate != 0) a.GradBGate[j] = Accumulate(-e * sumM, a.BetaBGate, a.GradBGate[j]);
    }

    /// <summary>value + beta * old in float64, rounded once (beta 0 ignores old, NaN included).</summary>
    private static float Accumulate(double value, float beta, float old) => beta == 0f ? (float)value : (float)(value + beta * (double)old);
}
