using SaePlatform.Contracts.Data;

namespace SaePlatform.Host.Training.Data;

/// <summary>
/// The one read-check-normalise path for rows taken by index from a source: the initialisation sample, validation and
/// test rows, and the batches of the indexed reader. A NaN or Inf is reported with the source's own description of
/// the row (file and row).
/// </summary>
internal static class HeldOutRows
{
    /// <summary>Reads the first <paramref name="count"/> source rows of <paramref name="rows"/>, row-major, and checks them.</summary>
    /// <exception cref="InvalidDataException">A value is NaN or infinite (names the source row and column).</exception>
    public static float[] ReadChecked(IDataSource source, long[] rows, int count, int width)
    {
        var x = new float[count * (long)width];
        ReadInto(source, rows, 0, x, width);
        return x;
    }

    /// <summary>
    /// Reads the first <paramref name="count"/> source rows of <paramref name="rows"/>, checks them and normalises them
    /// with <paramref name="normalizer"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">A value is NaN or infinite (names the source row and column).</exception>
    public static float[] Read(IDataSource source, long[] rows, int count, int width, ActivationNormalizer normalizer)
    {
        var x = ReadChecked(source, rows, count, width);
        normalizer.Apply(x);
        return x;
    }

    /// <summary>
    /// Fills <paramref name="destination"/> (whole rows of <paramref name="width"/>) with the source rows
    /// <paramref name="order"/>[(<paramref name="firstIndex"/> + r) mod its length] and checks them (not normalised).
    /// </summary>
    /// <exception cref="InvalidDataException">A value is NaN or infinite (names the source row and column).</exception>
    public static void ReadInto(IDataSource source, long[] order, long firstIndex, Span<float> destination, int width)
    {
        int count = destination.Length / width;
        for (int r = 0; r < count; r++)
            source.ReadRows(order[(firstIndex + r) % order.Length], destination.Slice(r * width, width));
        RowValidation.EnsureFinite(source, destination, width, order, firstIndex);
    }
}
