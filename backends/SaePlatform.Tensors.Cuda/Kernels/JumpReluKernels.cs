using ILGPU;

namespace SaePlatform.Tensors.Cuda.Kernels;

/// <summary>
/// JumpReLU and its Heaviside step (per-column thresholds), with the rectangle-kernel pseudo-gradient of the
/// threshold: element-wise forward and gradient to h, one thread per column for the threshold's sum over rows (float32 in
/// row order, as the CPU's bands).
/// </summary>
internal static class JumpReluKernels
{
    /// <summary>y = h &gt; theta ? (step ? 1 : h) : 0.</summary>
    public static void Forward(Index1D i, ArrayView<float> h, ArrayView<float> theta, int n, int step, ArrayView<float> y)
    {
        float x = h[i];
        y[i] = x > theta[i % n] ? (step != 0 ? 1f : x) : 0f;
    }

    /// <summary>gradH = (h &gt; theta ? g : 0) + betaH * gradH (the old value ignored for beta 0).</summary>
    public static void GradH(Index1D i, ArrayView<float> h, ArrayView<float> theta, int n, ArrayView<float> g, float beta, ArrayView<float> gradH) =>
        gradH[i] = (h[i] > theta[i % n] ? g[i] : 0f) + (beta == 0f ? 0f : beta * gradH[i]);

    /// <summary>Operands of <see cref="GradThreshold"/>.</summary>
    public struct ThresholdArgs
    {
        public ArrayView<float> H, Theta, G, GradThreshold;
        public int Rows, N, Step;
        public float HalfWidth, Bandwidth, Beta;
    }

    /// <summary>
    /// One thread per column j: the sum over rows of g where |h - theta_j| &lt; eps/2, times -(c_j / eps) (c_j = theta_j, or 1
    /// for the step), plus beta * the old value.
    /// </summary>
    public static void GradThreshold(Index1D j, ThresholdArgs a)
    {
        float th = a.Theta[j], acc = 0f;
        for (int r = 0; r < a.Rows; r++)
        {
            long i = (long)r * a.N + j;
            acc += Math.Abs(a.H[i] - th) < a.HalfWidth ? a.G[i] : 0f;
        }
        float factor = -(a.Step != 0 ? 1f : th) / a.Bandwidth;
        a.GradThreshold[j] = factor * acc + (a.Beta == 0f ? 0f : a.Beta * a.GradThreshold[j]);
    }
}
