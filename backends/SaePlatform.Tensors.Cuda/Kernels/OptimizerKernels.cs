using ILGPU;

namespace SaePlatform.Tensors.Cuda.Kernels;

/// <summary>
/// Optimizer kernels: the fused Adam / AdamW and SGD updates (one thread per element, the CPU's float32 arithmetic in
/// the CPU's order), the float64 sum of squares, scaling, and the row-wise norms and projections. Every float64 dot
/// product sums as the CPU's <c>DeterministicDotF64</c>: element i goes to lane i % 8, each lane adds its exact
/// float64 products in index order, and the lanes combine as ((0 + 1) + (2 + 3)) + ((4 + 5) + (6 + 7)), so the sums
/// have the CPU's bits.
/// </summary>
internal static class OptimizerKernels
{
    /// <summary>
    /// Elements per chunk of <see cref="SumOfSquaresLanes"/> on the CPU accelerator: the CPU's optimizer chunk, so the partials
    /// match the CPU's bit for bit.
    /// </summary>
    public const int Chunk = 1 << 16;

    /// <summary>
    /// Elements per chunk on a GPU: 16 times more threads than <see cref="Chunk"/> (a 537 M-parameter SAE's gradient norm
    /// would otherwise run on 65,536 threads of 8,192 dependent loads each); still a fixed order, so still deterministic,
    /// and within float64 rounding of the CPU's sum.
    /// </summary>
    public const int GpuChunk = 1 << 12;

    /// <summary>The scalars of one Adam / AdamW step (<c>AdamStepScalars</c>).</summary>
    public struct AdamArgs
    {
        public float StepSize, OneMinusBeta1, Beta2, OneMinusBeta2, BiasCorrection2Sqrt, Epsilon, L2WeightDecay, DecayFactor;
    }

    /// <summary>The scalars of one SGD step (<c>SgdStepScalars</c>); flags are 0 or 1.</summary>
    public struct SgdArgs
    {
        public float LearningRate, Momentum, GradScale, WeightDecay;
        public int HasBuffer, Nesterov, FirstStep;
    }

    public static void Adam(Index1D i, AdamArgs s, ArrayView<float> p, ArrayView<float> g, ArrayView<float> m, ArrayView<float> v)
    {
        float pi = p[i];
        float gi = g[i] + s.L2WeightDecay * pi;
        pi *= s.DecayFactor;
        float mOld = m[i];
        float mi = mOld + s.OneMinusBeta1 * (gi - mOld);
        float vi = s.Beta2 * v[i] + s.OneMinusBeta2 * gi * gi;
        p[i] = pi - s.StepSize * (mi / (MathF.Sqrt(vi) / s.BiasCorrection2Sqrt + s.Epsilon));
        m[i] = mi;
        v[i] = vi;
    }

    public static void Sgd(Index1D i, SgdArgs s, ArrayView<float> p, ArrayView<float> g, ArrayView<float> buffer)
    {
        float pi = p[i];
        if (s.HasBuffer == 0)
        {
            // As the CPU: without decay p + g * -lr (TensorPrimitives.MultiplyAdd), else p - lr * (g + wd * p).
            p[i] = s.WeightDecay == 0f ? g[i] * -s.LearningRate + pi : pi - s.LearningRate * (g[i] + s.WeightDecay * pi);
            return;
        }
        float gi = g[i] + s.WeightDecay * pi;
        float bi = s.FirstStep != 0 ? gi : s.Momentum * buffer[i] + s.GradScale * gi;
        buffer[i] = bi;
        float update = s.Nesterov != 0 ? gi + s.Momentum * bi : bi;
        p[i] = pi - s.LearningRate * update;
    }

    /// <summary>
    /// The float64 dot product of a[start, start + n) and b[start, start + n) in the CPU's lane order (start a multiple
    /// of 8 where the lanes must follow absolute indices).
    /// </summary>
    public static double Dot8(ArrayView<float> a, ArrayView<float> b, long start, int n)
    {
        double l0 = 0, l1 = 0, l2 = 0, l3 = 0, l4 = 0, l5 = 0, l6 = 0, l7 = 0;
        int j = 0;
        for (; j + 8 <= n; j += 8)
        {
            long e = start + j;
            l0 += (double)a[e] * b[e];
            l1 += (double)a[e + 1] * b[e + 1];
            l2 += (double)a[e + 2] * b[e + 2];
            l3 += (double)a[e + 3] * b[e + 3];
            l4 += (double)a[e + 4] * b[e + 4];
            l5 += (double)a[e + 5] * b[e + 5];
            l6 += (double)a[e + 6] * b[e + 6];
            l7 += (double)a[e + 7] * b[e + 7];
        }
        int rest = n - j;
        long t = start + j;
        if (rest > 0) l0 += (double)a[t] * b[t];
        if (rest > 1) l1 += (double)a[t + 1] * b[t + 1];
        if (rest > 2) l2 += (double)a[t + 2] * b[t + 2];
        if (rest > 3) l3 += (double)a[t + 3] * b[t + 3];
        if (rest > 4) l4 += (double)a[t + 4] * b[t + 4];
        if (rest > 5) l5 += (double)a[t + 5] * b[t + 5];
        if (rest > 6) l6 += (double)a[t + 6] * b[t + 6];
        return ((l0 + l1) + (l2 + l3)) + ((l4 + l5) + (l6 + l7));
    }

    /// <summary>
    /// lanes[8 c + k] = the float64 sum of x[e]^2 over chunk c's elements e with e % 8 == k, in index order (one thread
    /// per chunk and lane: the CPU's per-chunk lanes).
    /// </summary>
    public static void SumOfSquaresLanes(Index1D t, ArrayView<float> x, long n, int chunkSize, ArrayView<double> lanes)
    {
        long chunk = t >> 3;
        long start = chunk * chunkSize + (t & 7), end = Math.Min(n, (chunk + 1) * chunkSize);
        double s = 0;
        for (long e = start; e < end; e += 8)
        {
            double v = x[e];
            s += v * v;
        }
        lanes[t] = s;
    }

    /// <summary>
    /// One thread (a short sequential step: one add per chunk): the tensor's sum of squares from its chunks' lanes,
    /// chunk by chunk in order; acc[0] = (first ? 0 : acc[0]) + that sum, and when <paramref name="last"/> is set acc[0]'s
    /// bits go to result[0..2] (Float64Bits: the low word first).
    /// </summary>
    public static void AccumulateSumOfSquares(Index1D unused, ArrayView<double> lanes, int chunks, int first, int last, ArrayView<double> acc,
        ArrayView<float> result)
    {
        double sum = 0;
        for (int c = 0; c < chunks; c++)
        {
            int b = 8 * c;
            sum += ((lanes[b] + lanes[b + 1]) + (lanes[b + 2] + lanes[b + 3])) + ((lanes[b + 4] + lanes[b + 5]) + (lanes[b + 6] + lanes[b + 7]));
        }
        double total = (first != 0 ? 0.0 : acc[0]) + sum;
        acc[0] = total;
        if (last == 0) return;
        ulong bits = Interop.FloatAsInt(total);
        result[0] = Interop.IntAsFloat((uint)bits);
        result[1] = Interop.IntAsFloat((uint)(bits >> 32));
    }

    /// <summary>norms[row] = sqrt(row . row) (float64, rounded once).</summary>
    public static void RowL2Norms(Index1D row, ArrayView<float> w, int cols, ArrayView<float> norms) =>
        norms[row] = (float)Math.Sqrt(Dot8(w, w, (long)(int)row * cols, cols));

    /// <summary>Rescales the row to L2 norm <paramref name="norm"/>; an all-zero (or NaN-norm) row is left as it is.</summary>
    public static void NormalizeRows(Index1D row, ArrayView<float> w, int cols, float norm)
    {
        long start = (long)(int)row * cols;
        double current = Math.Sqrt(Dot8(w, w, start, cols));
        if (!(current > 0)) return;
        float factor = (float)(norm / current);
        for (long e = start; e < start + cols; e++) w[e] *= factor;
    }

    /// <summary>g_row -= (g_row . w_row / ||w_row||^2) w_row; rows with ||w_row||^2 &lt;= 0 are left as they are.</summary>
    public static void RemoveParallel(Index1D row, ArrayView<float> w, ArrayView<float> g, int cols)
    {
        long start = (long)(int)row * cols;
        double ww = Dot8(w, w, start, cols);
        if (ww <= 0) return;
        float minus = -(float)(Dot8(g, w, start, cols) / ww);
        for (long e = start; e < start + cols; e++) g[e] = w[e] * minus + g[e];
    }
}
