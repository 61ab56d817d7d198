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
        int i = FirstNonFinite(rows);
        throw NonFinite(source, sourceRows[(firstIndex + i / width) % sourceRows.Length], i % width, rows[i]);
    }

    /// <summary>Throws when any value of <paramref name="rows"/>, consecutive source rows from <paramref name="firstRow"/>, is NaN or infinite.</summary>
    /// <exception cref="InvalidDataException">Names the source row and column of the first bad value.</exception>
    public static void EnsureFinite(IDataSource source, ReadOnlySpan<float> rows, int width, long firstRow)
    {
        if (System.Numerics.Tensors.TensorPrimitives.IsFiniteAll(rows)) return;
        int i = FirstNonFinite(rows);
        throw NonFinite(source, firstRow + i / width, i % width, rows[i]);
    }

    private static int FirstNonFinite(ReadOnlySpan<float> rows)
    {
        for (int i = 0; i < rows.Length; i++)
            if (!float.IsFinite(rows[i])) return i;
        return -1;
    }

    private static InvalidDataException NonFinite(IDataSource source, long row, int column, float value) =>
        new($"{source.DescribeRow(row)}: column {column} is {value}; inputs must be finite (NaN/Inf).");
}
