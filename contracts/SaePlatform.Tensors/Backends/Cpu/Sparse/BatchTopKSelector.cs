using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SaePlatform.Tensors.Backends.Cpu.Sparse;

/// <summary>
/// Batch-wide top-k of the positive entries of a [rows, n] matrix (BatchTopK, Bussmann et al. 2024)
/// without sorting it: a radix histogram of the upper float bits (positive floats order like their
/// bit patterns) finds the bin holding the count-th largest entry, only that bin's entries are sorted,
/// and the exact cut (value, row-major position) then decides every entry by one comparison.
/// Three passes over the matrix, each parallel over rows; the result does not depend on the split.
/// When fewer than count entries are positive, every positive one is kept and the first non-positive
/// entries in row-major order fill the selection up to count (<see cref="ITensorBackend.BatchTopKSelect"/>).
/// </summary>
internal static class BatchTopKSelector
{
    private const int BinShift = 15; // 65536 bins over the positive float range.
    private const int BinCount = 1 << 16;

    /// <summary>Writes the selection's [rows + 1] offsets and [count] indices; returns the smallest selected positive value (NaN if none).</summary>
    public static float Select(float[] h, int rows, int n, int count, int[] rowOffsets, int[] indices)
    {
        // Pass 1: histogram of positive entries.
        var histogram = new long[BinCount];
        var gate = new object();
        DeterministicPartition.ForRanges(rows, n, (r0, r1) =>
        {
            var local = new int[BinCount];
            for (int r = r0; r < r1; r++)
                foreach (float v in h.AsSpan(r * n, n))
                    if (v > 0) local[BitConverter.SingleToInt32Bits(v) >> BinShift]++;
            lock (gate)
                for (int b = 0; b < BinCount; b++) histogram[b] += local[b];
        });

        long positives = 0;
        foreach (long c in histogram) positives += c;
        rowOffsets[0] = 0;
        if (positives < count) return SelectWithFill(h, rows, n, count, rowOffsets, indices);
        if (count == 0)
        {
            Array.Clear(rowOffsets);
            return float.NaN;
        }
        int want = count;

        int cutBin = BinCount - 1;
        long above = 0;
        for (; cutBin > 0 && above + histogram[cutBin] < want; cutBin--) above += histogram[cutBin];
        int need = (int)(want - above);

        // Pass 2: the entries of the cut bin, in row-major order (chunk lists joined in order).
        var candidates = CollectBin(h, rows, n, cutBin);
        candidates.Sort(static (a, b) => a.Value != b.Value ? b.Value.CompareTo(a.Value) : a.Position.CompareTo(b.Position));
        var (cutValue, cutPosition) = candidates[need - 1];

        // Pass 3: count per row, then fill; an entry is kept iff it ranks at or above the cut.
        var offsets = rowOffsets;
        DeterministicPartition.ForRanges(rows, n, (r0, r1) =>
        {
            for (int r = r0; r < r1; r++)
                offsets[r + 1] = Scan(h.AsSpan(r * n, n), (long)r * n, cutValue, cutPosition, default);
        });
        for (int r = 0; r < rows; r++) offsets[r + 1] += offsets[r];
        DeterministicPartition.ForRanges(rows, n, (r0, r1) =>
        {
            for (int r = r0; r < r1; r++)
                Scan(h.AsSpan(r * n, n), (long)r * n, cutValue, cutPosition, indices.AsSpan(offsets[r], offsets[r + 1] - offsets[r]));
        });
        return cutValue;
    }

    /// <summary>
    /// Fewer than <paramref name="count"/> positive entries: all of them, then the first non-positive entries in
    /// row-major order up to count, columns ascending per row. Returns the smallest positive entry, NaN if none.
    /// </summary>
    private static float SelectWithFill(float[] h, int rows, int n, int count, int[] rowOffsets, int[] indices)
    {
        var positive = new int[rows];
        var smallest = new float[rows];
        DeterministicPartition.ForRanges(rows, n, (r0, r1) =>
        {
            for (int r = r0; r < r1; r++)
            {
                int kept = 0;
                float low = float.PositiveInfinity;
                foreach (float v in h.AsSpan(r * n, n))
                    if (v > 0)
                    {
                        kept++;
                        low = Math.Min(low, v);
                    }
                positive[r] = kept;
                smallest[r] = low;
            }
        });
        long fill = count;
        foreach (int p in positive) fill -= p;
        var taken = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            taken[r] = (int)Math.Min(fill, n - positive[r]);
            fill -= taken[r];
            rowOffsets[r + 1] = rowOffsets[r] + positive[r] + taken[r];
        }
        DeterministicPartition.ForRanges(rows, n, (r0, r1) =>
        {
            for (int r = r0; r < r1; r++)
            {
                var row = h.AsSpan(r * n, n);
                int e = rowOffsets[r], extra = taken[r];
                for (int j = 0; j < n; j++)
                    if (row[j] > 0) indices[e++] = j;
                    else if (extra > 0)
                    {
                        extra--;
                        indices[e++] = j;
                    }
            }
        });
        float min = float.NaN;
        for (int r = 0; r < rows; r++)
            if (positive[r] > 0 && !(smallest[r] >= min)) min = smallest[r];
        return min;
    }

    private static List<(float Value, long Position)> CollectBin(float[] h, int rows, int n, int bin)
    {
        int chunks = Math.Max(1, Math.Min(rows, TensorThreads.Count * 4));
        var parts = new List<(float, long)>[chunks];
        DeterministicPartition.ForRanges(chunks, (long)n * rows / chunks, (c0, c1) =>
        {
            for (int c = c0; c < c1; c++)
            {
                var part = parts[c] = new List<(float, long)>();
                int start = (int)((long)rows * c / chunks), end = (int)((long)rows * (c + 1) / chunks);
                for (int r = start; r < end; r++)
                {
                    var row = h.AsSpan(r * n, n);
                    for (int j = 0; j < n; j++)
                        if (row[j] > 0 && (BitConverter.SingleToInt32Bits(row[j]) >> BinShift) == bin)
                            part.Add((row[j], (long)r * n + j));
                }
            }
        });
        var all = new List<(float Value, long Position)>();
        foreach (var part in parts) all.AddRange(part);
        return all;
    }

    /// <summary>Counts (and writes to <paramref name="output"/> when it is not empty) the kept columns of one row.</summary>
    private static int Scan(ReadOnlySpan<float> row, long rowStart, float cutValue, long cutPosition, Span<int> output)
    {
        bool write = !output.IsEmpty;
        int kept = 0, j = 0, n = row.Length;
        if (Vector256.IsHardwareAccelerated)
        {
            ref float r0 = ref MemoryMarshal.GetReference(row);
            var cut = Vector256.Create(cutValue);
            for (; j + Vector256<float>.Count <= n; j += Vector256<float>.Count)
            {
                var v = Vector256.LoadUnsafe(ref r0, (nuint)j);
                uint mask = Vector256.GreaterThanOrEqual(v, cut).ExtractMostSignificantBits();
                if (mask == 0) continue;
                uint equal = Vector256.Equals(v, cut).ExtractMostSignificantBits();
                // Entries equal to the cut value are kept only up to the cut position.
                for (uint e = equal; e != 0; e &= e - 1)
                {
                    int lane = BitOperations.TrailingZeroCount(e);
                    if (rowStart + j + lane > cutPosition) mask &= ~(1u << lane);
                }
                if (!write)
                {
                    kept += BitOperations.PopCount(mask);
                    continue;
                }
                for (; mask != 0; mask &= mask - 1) output[kept++] = j + BitOperations.TrailingZeroCount(mask);
            }
        }
        for (; j < n; j++)
        {
            float v = row[j];
            if (v > cutValue || (v == cutValue && rowStart + j <= cutPosition))
            {
                if (write) output[kept] = j;
                kept++;
            }
        }
        return kept;
    }
}
