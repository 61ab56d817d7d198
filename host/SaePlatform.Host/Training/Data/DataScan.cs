using SaePlatform.Contracts.Data;

namespace SaePlatform.Host.Training.Data;

/// <summary>Reads rows [0, rowCount) once, in order, before training so a NaN or Inf is reported (file and row) before any step.</summary>
internal static class DataScan
{
    private const int ChunkValues = 1 << 20;

    /// <exception cref="InvalidDataException">The first non-finite value, named by the source's row description.</exception>
    public static void EnsureFinite(IDataSource source, long rowCount, int width, CancellationToken cancellation)
    {
        int chunkRows = Math.Max(1, ChunkValues / width);
        var buffer = new float[(long)chunkRows * width];
        for (long first = 0; first < rowCount; first += chunkRows)
        {
            cancellation.ThrowIfCancellationRequested();
            int rows = (int)Math.Min(chunkRows, rowCount - first);
            var span = buffer.AsSpan(0, rows * width);
            source.ReadRows(first, span);
            RowValidation.EnsureFinite(source, span, width, first);
        }
    }
}
