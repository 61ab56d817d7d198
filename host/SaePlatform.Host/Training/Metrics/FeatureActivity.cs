using SaePlatform.Tensors;
using SaePlatform.Tensors.Sparse;

namespace SaePlatform.Host.Training.Metrics;

/// <summary>
/// Per-feature firing bookkeeping: steps since each feature last fired (dead = not fired within the
/// window), and firing counts over the current feature-sampling window (for the density metrics).
/// </summary>
internal sealed class FeatureActivity
{
    private readonly long[] _lastFired;
    private readonly long[] _windowCounts;
    private readonly bool[] _firedThisBatch;
    private long _windowRows;

    public FeatureActivity(int featureCount)
    {
        _lastFired = new long[featureCount];
        _windowCounts = new long[featureCount];
        _firedThisBatch = new bool[featureCount];
    }

    public int FeatureCount => _lastFired.Length;

    /// <summary>Counts one batch; returns the mean number of non-zero features per row (L0).</summary>
    public double Observe(Tensor? dense, SparseRows? sparse, long step)
    {
        Array.Clear(_firedThisBatch);
        long nonZeros = 0;
        int rows;
        if (sparse is not null)
        {
            rows = sparse.Rows;
            var values = sparse.Values.Span;
            for (int e = 0; e < sparse.NonZeros; e++)
            {
                if (values[e] == 0) continue;
                nonZeros++;
                int f = sparse.Indices[e];
                _windowCounts[f]++;
                _firedThisBatch[f] = true;
            }
        }
        else
        {
            var d = dense!;
            rows = d.Rows;
            nonZeros = CountDense(d.Span, d.Cols, _windowCounts, _firedThisBatch);
        }
        for (int f = 0; f < _firedThisBatch.Length; f++)
            if (_firedThisBatch[f]) _lastFired[f] = step + 1;
        _windowRows += rows;
        return rows == 0 ? 0 : (double)nonZeros / rows;
    }

    private static long CountDense(ReadOnlySpan<float> values, int cols, long[] counts, bool[] fired)
    {
        long total = 0;
        int rows = values.Length / cols;
        for (int r = 0; r < rows; r++)
        {
            var row = values.Slice(r * cols, cols);
            for (int f = 0; f < cols; f++)
            {
                if (row[f] == 0) continue;
                total++;
                counts[f]++;
                fired[f] = true;
            }
        }
        return total;
    }

    /// <summary>Features that have not fired in the last <paramref name="window"/> steps, as of <paramref name="step"/>.</summary>
    public int DeadCount(long step, long window)
    {
        int dead = 0;
        foreach (var last in _lastFired)
            if (step + 1 - last >= window) dead++;
        return dead;
    }

    /// <summary>Mean over features of the steps since each last fired.</summary>
    public double MeanStepsSinceFired(long step)
    {
        double sum = 0;
        foreach (var last in _lastFired) sum += step + 1 - last;
        return sum / _lastFired.Length;
    }

    /// <summary>log10 of each feature's firing frequency in the window (+1e-10, as SAELens).</summary>
    public float[] Log10Density()
    {
        var result = new float[_windowCounts.Length];
        for (int f = 0; f < result.Length; f++)
            result[f] = (float)Math.Log10((_windowRows == 0 ? 0 : (double)_windowCounts[f] / _windowRows) + 1e-10);
        return result;
    }

    /// <summary>Starts a new feature-sampling window.</summary>
    public void ResetWindow()
    {
        Array.Clear(_windowCounts);
        _windowRows = 0;
    }
}
