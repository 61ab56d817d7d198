namespace SaePlatform.Tensors.Backends.Cpu.Kernels;

/// <summary>Explained variance of a batch relative to the batch mean (SAE_REFERENCE.md "Known traps"), in float64.</summary>
internal static class ReconstructionKernels
{
    /// <summary>See <see cref="ITensorBackend.ReconstructionStatistics"/>.</summary>
    public static (double ExplainedVariance, double PerRowStd, double SquaredErrorPerRow) Statistics(ReadOnlySpan<float> x, ReadOnlySpan<float> xHat, int width)
    {
        int rows = width == 0 ? 0 : x.Length / width;
        if (rows == 0) return (0, 0, double.NaN);
        var mean = new double[width];
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < width; j++) mean[j] += x[r * width + j];
        for (int j = 0; j < width; j++) mean[j] /= rows;

        double errTotal = 0, varTotal = 0, rowSum = 0, rowSumSq = 0;
        for (int r = 0; r < rows; r++)
        {
            double err = 0, v = 0;
            for (int j = 0; j < width; j++)
            {
                double xv = x[r * width + j];
                double e = xv - xHat[r * width + j], c = xv - mean[j];
                err += e * e;
                v += c * c;
            }
            errTotal += err;
            varTotal += v;
            double perRow = v > 0 ? 1 - err / v : 0;
            rowSum += perRow;
            rowSumSq += perRow * perRow;
        }
        double ev = varTotal > 0 ? 1 - errTotal / varTotal : 0;
        double rowMean = rowSum / rows;
        double std = Math.Sqrt(Math.Max(0, rowSumSq / rows - rowMean * rowMean));
        return (ev, std, errTotal / rows);
    }
}
