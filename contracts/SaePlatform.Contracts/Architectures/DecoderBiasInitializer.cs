namespace SaePlatform.Contracts.Architectures;

/// <summary>Initial b_dec from sample rows: zero, mean, or geometric median (Weiszfeld's algorithm).</summary>
public static class DecoderBiasInitializer
{
    /// <summary>Fills <paramref name="bias"/> (length d_in) per <paramref name="init"/> from row-major <paramref name="rows"/>.</summary>
    /// <exception cref="ArgumentException">Mean or median requested with no sample rows.</exception>
    public static void Fill(Span<float> bias, DecoderBiasInit init, ReadOnlySpan<float> rows, int width)
    {
        bias.Clear();
        if (init == DecoderBiasInit.Zero) return;
        int n = width == 0 ? 0 : rows.Length / width;
        if (n == 0) throw new ArgumentException($"b_dec_init '{init}' needs sample rows; the data source provided none.");
        var mean = Mean(rows, n, width);
        if (init == DecoderBiasInit.GeometricMedian) mean = GeometricMedian(rows, n, width, mean);
        for (int j = 0; j < width; j++) bias[j] = (float)mean[j];
    }

    private static double[] Mean(ReadOnlySpan<float> rows, int n, int width)
    {
        var m = new double[width];
        for (int r = 0; r < n; r++)
            for (int j = 0; j < width; j++) m[j] += rows[r * width + j];
        for (int j = 0; j < width; j++) m[j] /= n;
        return m;
    }

    // Weiszfeld: y <- sum_i x_i / d_i / sum_i 1 / d_i with d_i = ||x_i - y||, started from the mean.
    internal static double[] GeometricMedian(ReadOnlySpan<float> rows, int n, int width, double[] start, int maxIterations = 100, double tolerance = 1e-7)
    {
        var y = (double[])start.Clone();
        var next = new double[width];
        for (int it = 0; it < maxIterations; it++)
        {
            Array.Clear(next);
            double weightSum = 0;
            for (int r = 0; r < n; r++)
            {
                double d2 = 0;
                for (int j = 0; j < width; j++) { double diff = rows[r * width + j] - y[j]; d2 += diff * diff; }
                double w = 1.0 / Math.Max(Math.Sqrt(d2), 1e-12);
                weightSum += w;
                for (int j = 0; j < width; j++) next[j] += w * rows[r * width + j];
            }
            double shift = 0;
            for (int j = 0; j < width; j++)
            {
                next[j] /= weightSum;
                shift += (next[j] - y[j]) * (next[j] - y[j]);
            }
            (y, next) = (next, y);
            if (Math.Sqrt(shift) < tolerance) break;
        }
        return y;
    }
}
