using System.IO.MemoryMappedFiles;

namespace SaePlatform.Tensors.IO;

/// <summary>
/// A .npy file mapped into memory and read row by row, for activation files larger than RAM: nothing
/// is read up front, pages come in as rows are copied. Rank 2 arrays are [Rows, Cols]; higher ranks
/// are viewed as rows of the last dimension ([a, b, c] gives a*b rows of c); rank 1 is one row and a
/// scalar is one row of one column (the <see cref="Tensor"/> conventions).
/// </summary>
/// <remarks>
/// Copying converts <c>f2</c>/<c>f8</c> and big-endian data to float32. <see cref="CopyRows"/> and
/// <see cref="CopyRow"/> may be called from several threads at once; <see cref="Dispose"/> must not
/// race with them.
/// </remarks>
public sealed unsafe class NpyMappedArray : IDisposable
{
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly int _elementSize;
    private byte* _data;

    private NpyMappedArray(string path, NpyHeader header, MemoryMappedFile file, MemoryMappedViewAccessor view, byte* data)
    {
        Path = path;
        Header = header;
        _file = file;
        _view = view;
        _data = data;
        _elementSize = header.Dtype.ElementSize();
        var shape = header.Shape;
        Cols = shape.Count == 0 ? 1 : checked((int)shape[^1]);
        long rows = 1;
        for (int i = 0; i < shape.Count - 1; i++) rows *= shape[i];
        Rows = rows;
    }

    /// <summary>The mapped file.</summary>
    public string Path { get; }

    /// <summary>The parsed .npy header.</summary>
    public NpyHeader Header { get; }

    /// <summary>Number of rows (product of all but the last dimension for rank 2 and above).</summary>
    public long Rows { get; }

    /// <summary>Elements per row (the last dimension).</summary>
    public int Cols { get; }

    /// <summary>Element type stored in the file (rows are converted to float32 when copied).</summary>
    public TensorFileDtype Dtype => Header.Dtype;

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
        if (header.FortranOrder)
            throw new TensorFileException(path, "the array is stored in Fortran (column-major) order; only C order can be read by rows");
        if (header.Shape.Count > 0 && header.Shape[^1] > int.MaxValue)
            throw new TensorFileException(path, $"rows of {header.Shape[^1]} elements (shape {header.ShapeText}) exceed the limit of {int.MaxValue}");
        long needed = header.DataOffset + header.DataLength;
        if (fileLength < needed)
            throw NpyFile.Truncated(path, header, fileLength - header.DataOffset);

        var file = MemoryMappedFile.CreateFromFile(
            new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read),
            mapName: null, capacity: 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
        MemoryMappedViewAccessor? view = null;
        try
        {
            view = file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            byte* pointer = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            return new NpyMappedArray(path, header, file, view, pointer + view.PointerOffset + header.DataOffset);
        }
        catch
        {
            view?.Dispose();
            file.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Copies <paramref name="count"/> consecutive rows starting at <paramref name="startRow"/> into
    /// <paramref name="destination"/> (row-major, count * Cols elements), converting to float32.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The rows are outside [0, Rows) or the destination is too small.</exception>
    /// <exception cref="ObjectDisposedException">The array was disposed.</exception>
    public void CopyRows(long startRow, int count, Span<float> destination)
    {
        ObjectDisposedException.ThrowIf(_data is null, this);
        if (startRow < 0 || count < 0 || startRow > Rows - count)
            throw new ArgumentOutOfRangeException(nameof(startRow), $"Rows [{startRow}, {startRow + count}) are outside [0, {Rows}) of {Path}.");
        long elements = (long)count * Cols;
        if (destination.Length < elements)
            throw new ArgumentOutOfRangeException(nameof(destination), $"Destination holds {destination.Length} floats; {count} rows of {Cols} need {elements}.");

        byte* source = _data + startRow * Cols * _elementSize;
        // Chunks keep each span's byte length below int.MaxValue whatever the element size.
        for (long done = 0; done < elements;)
        {
            int n = (int)Math.Min(elements - done, 1L << 26);
            var from = new ReadOnlySpan<byte>(source + done * _elementSize, n * _elementSize);
            ElementConversion.ToSingle(from, Header.Dtype, Header.IsBigEndian, destination.Slice((int)done, n));
            done += n;
        }
    }

    /// <summary>Copies row <paramref name="row"/> into the first Cols elements of <paramref name="destination"/> (random access, e.g. shuffle buffers).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The row is outside [0, Rows) or the destination is too small.</exception>
    /// <exception cref="ObjectDisposedException">The array was disposed.</exception>
    public void CopyRow(long row, Span<float> destination) => CopyRows(row, 1, destination);

    /// <summary>Unmaps the file.</summary>
    public void Dispose()
    {
        if (_data is null) return;
        _data = null;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file.Dispose();
    }
}
