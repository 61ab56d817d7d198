using ILGPU;

namespace SaePlatform.Tensors.Cuda.Kernels;

/// <summary>
/// The fused SAE kernels: bias + ReLU with its positive count, the ReLU backward with its bias gradient (column sums, one
/// thread per column summing rows in order, float64), and the squared error with its gradient.
/// </summary>
internal static class FusedKernels
{
    /// <summary>Threads per row of <see cref="BiasRelu"/>: lane l of a row handles columns l, l + lanes, ... so that adjacent
    /// threads touch adjacent columns.</summary>
    public const int Lanes = 32;

    /// <summary>Operands of <see cref="BiasRelu"/>.</summary>
    public struct BiasReluArgs
    {
        public ArrayView<float> Y, Bias;
        public ArrayView<int> LaneCounts; // [rows * lanes]: each lane's count of entries left positive (or NaN)
        public int HasBias, Cols, LaneCount;
    }

    /// <summary>y = max(0, y + bias) over one lane of one row (NaN stays NaN); counts the entries that are not &lt;= 0.</summary>
    public static void BiasRelu(Index1D index, BiasReluArgs a)
    {
        int i = index / a.LaneCount, lane = index - i * a.LaneCount, row = i * a.Cols, count = 0;
        for (int j = lane; j < a.Cols; j += a.LaneCount)
        {
            float v = a.HasBias != 0 ? a.Y[row + j] + a.Bias[j] : a.Y[row + j];
            a.Y[row + j] = v <= 0f ? 0f : v;
            if (!(v <= 0f)) count++;
        }
        a.LaneCounts[index] = count;
    }

    /// <summary>y[i] = max(0, y[i] + bias[i % cols]) without counting (NaN stays NaN, as in <see cref="BiasRelu"/>).</summary>
    public static void BiasReluInPlace(Index1D i, ArrayView<float> y, ArrayView<float> bias, int hasBias, int cols)
    {
        float v = hasBias != 0 ? y[i] + bias[i % cols] : y[i];
        y[i] = v <= 0f ? 0f : v;
    }

    /// <summary>rowCounts[i] = the sum of row i's lane counts (exact as float32 below 2^24).</summary>
    public static void RowCounts(Index1D i, ArrayView<int> laneCounts, int laneCount, ArrayView<float> rowCounts)
    {
        int count = 0;
        for (int lane = 0; lane < laneCount; lane++) count += laneCounts[i * laneCount + lane];
        rowCounts[i] = count;
    }

    /// <summary>Operands of the ReLU backward kernels.</summary>
    public struct ReluArgs
    {
        public ArrayView<float> G, Y, Addend, D, BiasGrad;
        public int HasG, HasAddend, Rows, Cols;
        public float Scale, BiasBeta;
    }

    /// <summary>y &gt; 0 ? g + scale * addend[j] : 0 (an absent g reads 0, an absent addend adds nothing).</summary>
    private static float Masked(ReluArgs a, int index, int j)
    {
        float v = a.HasG != 0 ? a.G[index] : 0f;
        if (a.HasAddend != 0) v = a.Scale * a.Addend[j] + v;
        return a.Y[index] > 0f ? v : 0f;
    }

    /// <summary>The masked gradient element-wise (no bias gradient).</summary>
    public static void ReluMask(Index1D index, ReluArgs a)
    {
        int i = index / a.Cols;
        a.D[index] = Masked(a, index, index - i * a.Cols);
    }

    /// <summary>One thread per column: the masked gradient down the column, and its float64 sum (rows in order) into the bias gradient.</summary>
    public static void ReluMaskColumns(Index1D j, ReluArgs a)
    {
        double s = 0;
        for (int i = 0; i < a.Rows; i++)
        {
            int index = i * a.Cols + j;
            float v = Masked(a, index, j);
            a.D[index] = v;
            s += v;
        }
        a.BiasGrad[j] = a.BiasBeta == 0 ? (float)s : (float)(s + a.BiasBeta * (double)a.BiasGrad[j]);
    }

    /// <summary>Operands of <see cref="PairPartials"/>: Mode 0 sums (a - b)^2 (difference in float32, square in float64), mode 1 (double)a * b.</summary>
    public struct PairArgs
    {
        public ArrayView<float> A, B;
        public ArrayView<double> Partials;
        public int Length, Chunk, Mode;
    }

    /// <summary>partials[p] = the float64 sum over elements [p * chunk, (p + 1) * chunk) in index order.</summary>
    public static void PairPartials(Index1D p, PairArgs a)
    {
        int start = p * a.Chunk, end = Math.Min(a.Length, start + a.Chunk);
        double s = 0;
        for (int e = start; e < end; e++)
        {
            if (a.Mode == 0)
            {
                float diff = a.A[e] - a.B[e];
                double d = diff;
                s += d * d;
            }
            else
            {
                s += (double)a.A[e] * a.B[e];
            }
        }
        a.Partials[p] = s;
    }

    /// <summary>One thread: y[0] = (float)(scale * the partial sums added in order).</summary>
    public static void PairFinish(Index1D unused, ArrayView<double> partials, int count, float scale, ArrayView<float> y)
    {
        double s = 0;
        for (int p = 0; p < count; p++) s += partials[p];
        y[0] = (float)(scale * s);
    }

    /// <summary>Operands of <see cref="SquaredErrorGrad"/>.</summary>
    public struct SquaredErrorGradArgs
    {
        public ArrayView<float> A, B, G, DA, DB;
        public float Alpha, BetaA, BetaB;
        public int WantA, WantB;
    }

    /// <summary>da = c (a - b) + betaA da, db = -c (a - b) + betaB db with c = 2 alpha g (g the scalar output gradient).</summary>
    public static void SquaredErrorGrad(Index1D i, SquaredErrorGradArgs a)
    {
        float c = 2f * a.Alpha * a.G[0];
        float v = c * (a.A[i] - a.B[i]);
        if (a.WantA != 0) a.DA[i] = a.BetaA == 0 ? v : v + a.BetaA * a.DA[i];
        if (a.WantB != 0) a.DB[i] = a.BetaB == 0 ? -v : a.BetaB * a.DB[i] - v;
    }
}
