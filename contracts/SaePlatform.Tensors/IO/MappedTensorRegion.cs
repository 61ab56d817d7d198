using System.IO.MemoryMappedFiles;

namespace SaePlatform.Tensors.IO;

/// <summary>
/// A read-only memory-mapped view of a row-major [<see cref="Rows"/>, <see cref="Cols"/>] array of
/// <see cref="Dtype"/> elements that starts at a byte offset in a file: the data of a .npy file, a
/// safetensors tensor or an uncompressed .npz member. Nothing is read up front; pages come in as rows are
/// copied, so arrays larger than memory can be read.
/// </summary>
/// <remarks>
/// Only the region's bytes are mapped, not the whole file. Reads convert to float32 (float64 rounds to
/// nearest, float16/bfloat16 widen exactly, big-endian data is byte-swapped). <see cref="ReadRows"/> and
/// <see cref="ReadRow"/> may be called from several threads at once; <see cref="Dispose"/> must not race
/// with them.
/// </remarks>
public sealed unsafe class MappedTensorRegion : IDisposable
{
    // Chunks keep each span's byte length below int.MaxValue whatever the element size.
    private const long ChunkElements = 1L << 26;

    private readonly MemoryMappedFile? _file;
    private readonly MemoryMappedViewAccessor? _view;
    private readonly int _elementSize;
    private byte* _data;
    private bool _disposed;

    private MappedTensorRegion(string path, long offset, TensorFileDtype dtype, bool bigEndian, long rows, int cols,
        MemoryMappedFile? file, MemoryMappedViewAccessor? view, byte* data)
    {
        Path = path;
        Offset = offset;
        Dtype = dtype;
        IsBigEndian = bigEndian;
        Rows = rows;
        Cols = cols;
        _elementSize = dtype.ElementSize();
        _file = file;
        _view = view;
        _data = data;
    }

    /// <summary>The mapped file.</summary>
    public string Path { get; }

    /// <summary>Byte offset of the first element (row 0, column 0) from the start of the file.</summary>
    public long Offset { get; }

    /// <summary>Element type stored in the file (rows are converted to float32 when read).</summary>
    public TensorFileDtype Dtype { get; }

    /// <summary>True when the elements are stored big-endian (they are byte-swapped on read).</summary>
    public bool IsBigEndian { get; }

    /// <summary>Number of rows.</summary>
    public long Rows { get; }

    /// <summary>Elements per row.</summary>
    public int Cols { get; }

    /// <summary>Bytes the region covers: Rows * Cols * the element size.</summary>
    public long ByteLength => Rows * Cols * _elementSize;

    /// <summary>
    /// Maps <paramref name="rows"/> * <paramref name="cols"/> elements of <paramref name="dtype"/> starting at
    /// byte <paramref name="offset"/> of <paramref name="path"/>, read-only. Bytes outside the region are
    /// neither read nor checked.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="offset">Byte offset of the first element from the start of the file.</param>
    /// <param name="dtype">Element type.</param>
    /// <param name="rows">Number of rows (0 allowed).</param>
    /// <param name="cols">Elements per row (0 allowed).</param>
    /// <param name="bigEndian">True when the elements are stored big-endian (safetensors is always little-endian).</param>
    /// <exception cref="ArgumentOutOfRangeException">The offset, rows or cols are negative, or the region's size overflows.</exception>
    /// <exception cref="TensorFileException">The file is shorter than the region (the message names the file, the offset and both sizes).</exception>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    public static MappedTensorRegion Open(string path, long offset, TensorFileDtype dtype, long rows, int cols, bool bigEndian = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(cols);
        int size = dtype.ElementSize();
        long length;
        try
        {
            length = checked(rows * cols * size);
            _ = checked(offset + length);
        }
        catch (OverflowException)
        {
            throw new ArgumentOutOfRangeException(nameof(rows), $"{rows} rows of {cols} {dtype} elements at byte offset {offset} exceed the addressable file size.");
        }

        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        try
        {
            if (stream.Length < offset + length)
                throw new TensorFileException(path,
                    $"the file is {stream.Length} bytes long, shorter than the region of {rows} x {cols} {dtype} elements " +
                    $"({length} bytes) at byte offset {offset}, which ends at byte {offset + length} (truncated file?)");
            if (length == 0)
            {
                // Nothing to map (and an empty view cannot be created); reads of zero rows or columns copy nothing.
                stream.Dispose();
                return new MappedTensorRegion(path, offset, dtype, bigEndian, rows, cols, null, null, null);
            }
        }
        catch
        {
            stream.Dispose();
            throw;
        }

        var file = MemoryMappedFile.CreateFromFile(stream, mapName: null, capacity: 0, MemoryMappedFileAccess.Read,
            HandleInheritability.None, leaveOpen: false);
        MemoryMappedViewAccessor? view = null;
        try
        {
            // The view may start before the offset (mapping is page-aligned); PointerOffset says by how much.
            view = file.CreateViewAccessor(offset, length, MemoryMappedFileAccess.Read);
            byte* pointer = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            return new MappedTensorRegion(path, offset, dtype, bigEndian, rows, cols, file, view, pointer + view.PointerOffset);
        }
        catch
        {
            view?.Dispose();
            file.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Copies <paramref name="count"/> consecutive rows starting at <paramref name="firstRow"/> into
    /// <paramref name="destination"/> (row-major, count * Cols elements), converting to float32.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The rows are outside [0, Rows) or the destination is too small.</exception>
    /// <exception cref="ObjectDisposedException">The region was disposed.</exception>
    public void ReadRows(long firstRow, int count, Span<float> destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (firstRow < 0 || count < 0 || firstRow > Rows - count)
            throw new ArgumentOutOfRangeException(nameof(firstRow), $"Rows [{firstRow}, {firstRow + count}) are outside [0, {Rows}) of {Path} (region at byte offset {Offset}).");
        long elements = (long)count * Cols;
        if (destination.Length < elements)
            throw new ArgumentOutOfRangeException(nameof(destination), $"Destination holds {destination.Length} floats; {count} rows of {Cols} need {elements}.");
        if (elements == 0) return;

        byte* source = _data + firstRow * Cols * _elementSize;
        for (long done = 0; done < elements;)
        {
            int n = (int)Math.Min(elements - done, ChunkElements);
            var from = new ReadOnlySpan<byte>(source + done * _elementSize, n * _elementSize);
            ElementConversion.ToSingle(from, Dtype, IsBigEndian, destination.Slice((int)done, n));
            done += n;
        }
    }

    /// <summary>Copies row <paramref name="row"/> into the first Cols elements of <paramref name="destination"/> (random access, e.g. shuffle buffers).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The row is outside [0, Rows) or the destination is too small.</exception>
    /// <exception cref="ObjectDisposedException">The region was disposed.</exception>
    public void ReadRow(long row, Span<float> destination) => ReadRows(row, 1, destination);

    /// <summary>Unmaps the region and closes the file.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _data = null;
        if (_view is null) return;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file!.Dispose();
    }
}
