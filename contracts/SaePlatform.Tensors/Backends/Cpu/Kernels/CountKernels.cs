using System.Numerics;
using System.Runtime.InteropServices;

namespace SaePlatform.Tensors.Backends.Cpu.Kernels;

/// <summary>Per-column counts of non-zero values (how often each feature fired in a batch).</summary>
internal static class CountKernels
{
    // Columns per block, so that a block's counters stay in L1 while the rows stream past.
    private const int FeatureBlock = 1024;

    /// <summary>Adds, per column, the number of non-zero values of row-major [rows, counts.Length] into <paramref name="counts"/>.</summary>
    /// <remarks>
    /// Serial on purpose: the count is memory-bound (one pass over rows x cols floats), and splitting rows over threads
    /// measured slower while the GEMM threads are busy. NaN counts as non-zero.
    /// </remarks>
    public static void NonZeroColumns(ReadOnlySpan<float> data, int rows, int cols, int[] counts)
    {
        var values = data[..(rows * cols)];
        for (int start = 0; start < cols; start += FeatureBlock)
            CountBlock(values, rows, cols, start, Math.Min(cols, start + FeatureBlock), counts);
    }

    private static void CountBlock(ReadOnlySpan<float> values, int rows, int cols, int start, int end, int[] counts)
    {
        var countSpan = counts.AsSpan(start, end - start);
        var countVectors = MemoryMarshal.Cast<int, Vector<int>>(countSpan);
        int vectorized = countVectors.Length * Vector<int>.Count;
        for (int r = 0; r < rows; r++)
        {
            var row = values.Slice(r * cols + start, end - start);
            var rowVectors = MemoryMarshal.Cast<float, Vector<float>>(row[..vectorized]);
            for (int v = 0; v < rowVectors.Length; v++)
                // Equals gives all-ones (-1) for zero lanes; (all-ones + 1) is 0 for zero, 1 otherwise.
                countVectors[v] += Vector.Equals(rowVectors[v], Vector<float>.Zero) + Vector<int>.One;
            for (int f = vectorized; f < row.Length; f++)
                if (row[f] != 0) countSpan[f]++;
        }
    }
}
