namespace SaePlatform.Contracts.Data;

/// <summary>
/// Rows of activations or embeddings, chosen by <c>data.type</c>. A source only offers random access to
/// rows; the host builds splits, shuffling, batching, normalisation, validation and prefetching on top,
/// the same way for every source.
/// </summary>
public interface IDataSource : IDisposable
{
    /// <summary>Opens the data (reads headers, lists files) and describes it. Called once, before any read.</summary>
    /// <exception cref="InvalidDataException">A file is unreadable, truncated, or has an unsupported dtype or width (message names the file).</exception>
    DataSourceInfo Open(CancellationToken cancellationToken);

    /// <summary>
    /// Copies rows <paramref name="firstRow"/> .. firstRow + destination.Length / width - 1 into
    /// <paramref name="destination"/> (row-major float32). Must be safe to call from a background thread;
    /// it is never called concurrently.
    /// </summary>
    void ReadRows(long firstRow, Span<float> destination);

    /// <summary>Human-readable location of a row for error messages, e.g. <c>acts_003.npy row 1781</c>.</summary>
    string DescribeRow(long row) => $"row {row}";
}

/// <summary>What <see cref="IDataSource.Open"/> reports.</summary>
/// <param name="Width">Values per row (d_in).</param>
/// <param name="RowCount">Total rows available.</param>
/// <param name="Description">One line for the log, e.g. "3 .npy files, 1,200,000 rows x 768".</param>
public sealed record DataSourceInfo(int Width, long RowCount, string Description);
