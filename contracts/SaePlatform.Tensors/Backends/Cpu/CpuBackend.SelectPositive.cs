using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SaePlatform.Tensors.Backends.Cpu;

// The positive entries of a ReLU output as CSR: how a ReLU encoder hands sparse codes to the sparse
// decoder and the sparse encoder backward when few features fire. NaN counts as selected ("not <= 0"), so a
// diverged value reaches the loss as it would through the dense path.
public sealed partial class CpuBackend
{
    /// <inheritdoc />
    public void SelectPositive(Tensor y, Tensor rowCounts, int count, out IndexTensor rowOffsets, out IndexTensor indices)
    {
        int rows = y.Rows, n = y.Cols;
        float[] ys = y.Array;
        var counts = rowCounts.Span;
        var offsets = new int[rows + 1];
        for (int r = 0; r < rows; r++) offsets[r + 1] = offsets[r] + (int)counts[r];
        if (offsets[rows] != count)
            throw new ArgumentException($"{nameof(SelectPositive)}: the row counts add up to {offsets[rows]}, not to the {count} given.", nameof(count));
        var columns = new int[count];
        DeterministicPartition.ForRanges(rows, n, (r0, r1) =>
        {
            for (int r = r0; r < r1; r++) WritePositiveColumns(ys.AsSpan(r * n, n), columns.AsSpan(offsets[r], offsets[r + 1] - offsets[r]));
        });
        rowOffsets = IndexTensor.Wrap(offsets);
        indices = IndexTensor.Wrap(columns);
    }

    private static void WritePositiveColumns(ReadOnlySpan<float> row, Span<int> columns)
    {
        ref float p = ref MemoryMarshal.GetReference(row);
        int n = row.Length, j = 0, e = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; j <= n - 8; j += 8)
            {
                uint mask = ~Vector256.LessThanOrEqual(Vector256.LoadUnsafe(ref p, (nuint)j), Vector256<float>.Zero).ExtractMostSignificantBits() & 0xFFu;
                while (mask != 0)
                {
                    columns[e++] = j + BitOperations.TrailingZeroCount(mask);
                    mask &= mask - 1;
                }
            }
        }
        for (; j < n; j++) if (!(row[j] <= 0f)) columns[e++] = j;
    }
}
