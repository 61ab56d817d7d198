using ILGPU;

namespace SaePlatform.Tensors.Cuda.Kernels;

/// <summary>
/// Counts, reconstruction statistics, ghost-grad scales and float64 helpers. Counts are integers (exact in any order;
/// the sparse count uses integer atomics), float sums are float64 in a fixed order. Float64 results are written as bit
/// pairs (low 32 bits first, as <see cref="Storage.Float64Bits"/> lays them out on a little-endian machine) through an
/// int32 view of a float tensor.
/// </summary>
internal static class ReductionKernels
{
    /// <summary>Stores <paramref name="value"/> as float64 pair <paramref name="index"/> (elements 2 index, 2 index + 1).</summary>
    public static void WriteF64(ArrayView<int> bits, int index, double value)
    {
        ulong b = Interop.FloatAsInt(value);
        bits[2 * index] = (int)(uint)b;
        bits[2 * index + 1] = (int)(uint)(b >> 32);
    }

    /// <summary>Float64 pair <paramref name="index"/> of <paramref name="bits"/>.</summary>
    public static double ReadF64(ArrayView<int> bits, int index) =>
        Interop.IntAsFloat((ulong)(uint)bits[2 * index] | ((ulong)(uint)bits[2 * index + 1] << 32));

    /// <summary>One thread per column: counts[j] = the number of rows with x[i, j] != 0 (NaN counts).</summary>
    public static void CountColumns(Index1D j, ArrayView<float> x, int rows, int cols, ArrayView<float> counts)
    {
        int count = 0;
        for (int i = 0; i < rows; i++)
            if (x[i * cols + j] != 0) count++;
        counts[j] = count;
    }

    /// <summary>values[i] = 0.</summary>
    public static void ZeroInts(Index1D i, ArrayView<int> values) => values[i] = 0;

    /// <summary>One thread per stored entry: tally[indices[e]] += 1 where values[e] != 0 (integer atomics: the result is exact).</summary>
    public static void CountSparse(Index1D e, ArrayView<float> values, ArrayView<int> indices, ArrayView<int> tally)
    {
        if (values[e] != 0) Atomic.Add(ref tally[indices[e]], 1);
    }

    /// <summary>Integer counts into float32 over the same memory (asFloat and asInt alias).</summary>
    public static void IntsToFloats(Index1D i, ArrayView<int> asInt, ArrayView<float> asFloat)
    {
        int v = asInt[i];
        asFloat[i] = v;
    }

    /// <summary>partials[p] = the sum of integer values [p * chunk, (p + 1) * chunk) (float64, exact below 2^53).</summary>
    public static void IntPartials(Index1D p, ArrayView<int> values, int length, int chunk, ArrayView<double> partials)
    {
        int start = p * chunk, end = Math.Min(length, start + chunk);
        long s = 0;
        for (int e = start; e < end; e++) s += values[e];
        partials[p] = s;
    }

    /// <summary>One thread: readback[0] = the partial sums added in order.</summary>
    public static void FinishToReadback(Index1D unused, ArrayView<double> partials, int count, ArrayView<double> readback)
    {
        double s = 0;
        for (int p = 0; p < count; p++) s += partials[p];
        readback[0] = s;
    }

    /// <summary>Operands of the reconstruction statistics: x and x-hat [rows, width], float64 scratch, the result bits.</summary>
    public struct ReconstructionArgs
    {
        public ArrayView<float> X, XHat;
        public ArrayView<double> Mean, RowError, RowVariance;
        public ArrayView<int> Result;
        public int Rows, Width;
    }

    /// <summary>One thread per column: the column's mean over rows (float64, rows in order).</summary>
    public static void ColumnMeans(Index1D j, ReconstructionArgs a)
    {
        double s = 0;
        for (int r = 0; r < a.Rows; r++) s += a.X[r * a.Width + j];
        a.Mean[j] = s / a.Rows;
    }

    /// <summary>One thread per row: ||x_r - x-hat_r||^2 and ||x_r - mean||^2 in float64, columns in order.</summary>
    public static void RowErrors(Index1D r, ReconstructionArgs a)
    {
        double err = 0, v = 0;
        for (int j = 0; j < a.Width; j++)
        {
            double xv = a.X[r * a.Width + j];
            double e = xv - a.XHat[r * a.Width + j], c = xv - a.Mean[j];
            err += e * e;
            v += c * c;
        }
        a.RowError[r] = err;
        a.RowVariance[r] = v;
    }

    /// <summary>
    /// One thread: the rows' errors and variances combined in row order into the explained variance, the per-row std and
    /// the squared error per row (0, 0, NaN without rows), as float64 bit pairs. Sequential over rows (a batch, a few
    /// thousand values): the CPU's order, and small next to the passes over [rows, width] before it.
    /// </summary>
    public static void ReconstructionFinish(Index1D unused, ReconstructionArgs a)
    {
        if (a.Rows == 0)
        {
            WriteF64(a.Result, 0, 0);
            WriteF64(a.Result, 1, 0);
            WriteF64(a.Result, 2, double.NaN);
            return;
        }
        double errTotal = 0, varTotal = 0, rowSum = 0, rowSumSq = 0;
        for (int r = 0; r < a.Rows; r++)
        {
            double err = a.RowError[r], v = a.RowVariance[r];
            errTotal += err;
            varTotal += v;
            double perRow = v > 0 ? 1 - err / v : 0;
            rowSum += perRow;
            rowSumSq += perRow * perRow;
        }
        double ev = varTotal > 0 ? 1 - errTotal / varTotal : 0;
        double rowMean = rowSum / a.Rows;
        double spread = rowSumSq / a.Rows - rowMean * rowMean;
        // Math.Max(0, spread) as the CPU: NaN stays NaN, -0 and negatives become +0.
        WriteF64(a.Result, 0, ev);
        WriteF64(a.Result, 1, Math.Sqrt(spread <= 0 ? 0 : spread));
        WriteF64(a.Result, 2, errTotal / a.Rows);
    }

    /// <summary>Operands of the ghost-grad scales.</summary>
    public struct GhostArgs
    {
        public ArrayView<float> Residual, Ghost, Scale;
        public ArrayView<double> RowSquares;
        public ArrayView<int> Mse;
        public double Epsilon;
        public int Rows, Width;
    }

    /// <summary>One thread per row: scale[b] = ||r_b|| / (2 ||g_b|| + epsilon) from float64 sums of squares; keeps ||r_b||^2.</summary>
    public static void GhostRows(Index1D b, GhostArgs a)
    {
        double residualSquares = 0, ghostSquares = 0;
        for (int j = b * a.Width; j < (b + 1) * a.Width; j++)
        {
            residualSquares += (double)a.Residual[j] * a.Residual[j];
            ghostSquares += (double)a.Ghost[j] * a.Ghost[j];
        }
        a.RowSquares[b] = residualSquares;
        a.Scale[b] = (float)(Math.Sqrt(residualSquares) / (2 * Math.Sqrt(ghostSquares) + a.Epsilon));
    }

    /// <summary>One thread: the residual's mean squared row norm (rows in order, as the CPU; a batch's few thousand values) as float64 bits.</summary>
    public static void GhostFinish(Index1D unused, GhostArgs a)
    {
        double mse = 0;
        for (int b = 0; b < a.Rows; b++) mse += a.RowSquares[b];
        WriteF64(a.Mse, 0, mse / Math.Max(1, a.Rows));
    }

    /// <summary>One thread: result[0] = (float)(numerator / ((double)denominator[0] + epsilon)), the numerator a float64 pair.</summary>
    public static void DivideF64(Index1D unused, ArrayView<int> numerator, ArrayView<float> denominator, double epsilon, ArrayView<float> result) =>
        result[0] = (float)(ReadF64(numerator, 0) / (denominator[0] + epsilon));
}
