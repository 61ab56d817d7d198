namespace SaePlatform.Tensors.IO;

/// <summary>
/// A .npy file mapped into memory and read row by row, for activation files larger than RAM: nothing
/// is read up front, pages come in as rows are copied. Rank 2 arrays are [Rows, Cols]; higher ranks
/// are viewed as rows of the last dimension ([a, b, c] gives a*b rows of c); rank 1 is one row and a
/// scalar is one row of one column (the <see cref="Tensor"/> conventions).
/// </summary>
/// <remarks>
/// The data is read through a <see cref="MappedTensorRegion"/>. Copying converts <c>f2</c>/<c>f8</c> and
/// big-endian data to float32. <see cref="CopyRows"/> and <see cref="CopyRow"/> may be called from several
/// threads at once; <see cref="Dispose"/> must not race with them.
/// </remarks>
public sealed class NpyMappedArray : IDisposable
{
    private readonly MappedTensorRegion _region;

    private NpyMappedArray(string path, NpyHeader header, MappedTensorRegion region)
    {
        Path = path;
        Header = header;
        _region = region;
    }

    /// <summary>The mapped file; for an .npz member mapped by <see cref="NpzFile.TryMapArray"/>, <c>archive.npz:entry.npy</c>.</summary>
    public string Path { get; }

    /// <summary>The parsed .npy header.</summary>
    public NpyHeader Header { get; }

    /// <summary>Number of rows (product of all but the last dimension for rank 2 and above).</summary>
    public long Rows => _region.Rows;

    /// <summary>Elements per row (the last dimension).</summary>
    public int Cols => _region.Cols;

    /// <summary>Element type stored in the file (rows are converted to float32 when copied).</summary>
    public TensorFileDtype Dtype => Header.Dtype;

    /// <summary>The mapped data as a [Rows, Cols] region; owned by this array and unmapped when it is disposed.</summary>
    public MappedTensorRegion Region => _region;

    /// <summary>
    /// Opens and maps <paramref name="path"/> read-only. The header is validated and the file must be
    /// long enough for the header's shape; extra trailing bytes are ignored, as numpy does.
    /// </summary>
    /// <exception cref="TensorFileException">The header is malformed, the dtype unsupported, the array Fortran-ordered, or the file truncated.</exception>
    public static NpyMappedArray Open(string path)
    {
        NpyHeader header;
        long fileLength;
        using (var stream = NpyFile.OpenRead(path))
        {
            header = NpyFile.ReadHeader(stream, path);
            fileLength = stream.Length;
        }
        return Map(path, path, 0, header, fileLength);
    }

    /// <summary>
    /// Maps the data of a .npy image whose header (already read) starts at byte <paramref name="start"/> of
    /// <paramref name="file"/> and which has <paramref name="available"/> bytes there (header included);
    /// <paramref name="sourceName"/> names it in errors.
    /// </summary>
    internal static NpyMappedArray Map(string sourceName, string file, long start, NpyHeader header, long available)
    {
        if (header.FortranOrder)
            throw new TensorFileException(sourceName, "the array is stored in Fortran (column-major) order; only C order can be read by rows (save it with numpy.ascontiguousarray)");
        if (header.Shape.Count > 0 && header.Shape[^1] > int.MaxValue)
            throw new TensorFileException(sourceName, $"rows of {header.Shape[^1]} elements (shape {header.ShapeText}) exceed the limit of {int.MaxValue}");
        if (available < header.DataOffset + header.DataLength)
            throw NpyFile.Truncated(sourceName, header, available - header.DataOffset);

        var shape = header.Shape;
        int cols = shape.Count == 0 ? 1 : (int)shape[^1];
        long rows = 1;
        for (int i = 0; i < shape.Count - 1; i++) rows *= shape[i];
        var region = MappedTensorRegion.Open(file, start + header.DataOffset, header.Dtype, rows, cols, header.IsBigEndian);
        return new NpyMappedArray(sourceName, header, region);
    }

    /// <summary>
    /// Copies <paramref name="count"/> consecutive rows starting at <paramref name="startRow"/> into
    /// <paramref name="destination"/> (row-major, count * Cols elements), converting to float32.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The rows are outside [0, Rows) or the destination is too small.</exception>
    /// <exception cref="ObjectDisposedException">The array was disposed.</exception>
    public void CopyRows(long startRow, int count, Span<float> destination) => _region.ReadRows(startRow, count, destination);

    /// <summary>Copies row <paramref name="row"/> into the first Cols elements of <paramref name="destination"/> (random access, e.g. shuffle buffers).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The row is outside [0, Rows) or the destination is too small.</exception>
    /// <exception cref="ObjectDisposedException">The array was disposed.</exception>
    public void CopyRow(long row, Span<float> destination) => _region.ReadRows(row, 1, destination);

    /// <summary>Unmaps the file.</summary>
    public void Dispose() => _region.Dispose();
}
