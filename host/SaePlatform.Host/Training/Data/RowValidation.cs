using SaePlatform.Contracts.Data;

namespace SaePlatform.Host.Training.Data;

/// <summary>Rejects non-finite input values with the source's own description of the row (file and row).</summary>
internal static class RowValidation
{
    /// <summary>Throws when any value of the row-major <paramref name="rows"/> is NaN or infinite.</summary>
    /// <param name="sourceRows">Source row index of each row, starting at <paramref name="firstIndex"/> (modulo its length).</param>
    /// <exception cref="InvalidDataException">Names the source row and column of the first bad value.</exception>
    public static void EnsureFinite(IDataSource source, ReadOnlySpan<float> rows, int width, long[] sourceRows, long firstIndex)
    {
        if (System.Numerics.Tensors.TensorPrimitives.IsFiniteAll(rows)) return;
        for (int i = 0; i < rows.Length; i++)
        {
            if (float.IsFinite(rows[i])) continue;
            long row = sourceRows[(firstIndex + i / width) % sourceRows.Length];
            throw new InvalidDataException($"{source.DescribeRow(row)}: column {i % width} is {rows[i]}; inputs must be finite.");
        }
    }
}
