using System.IO.MemoryMappedFiles;
using SaePlatform.Tensors.IO;

namespace SaePlatform.Plugins.Files.Rows;

/// <summary>
/// A little-endian tensor at a known byte range of a file (a safetensors tensor), memory-mapped and converted
/// to float32 row by row. Leading dimensions are flattened into rows; the last dimension is the row width.
/// </summary>
internal sealed unsafe class MappedTensorRows : IRowFile
{
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly TensorFileDtype _dtype;
    private readonly int _elementSize;
    private byte* _data;

    private MappedTensorRows(string name, MemoryMappedFile file, MemoryMappedViewAccessor view, byte* data, TensorFileDtype dtype, long rows, int cols)
    {
        Name = name;
        _file = file;
        _view = view;
        _data = data;
        _dtype = dtype;
        _elementSize = dtype.ElementSize();
        Rows = rows;
        Cols = cols;
    }

    public string Name { get; }
    public long Rows { get; }
    public int Cols { get; }

    /// <summary>Maps <paramref name="byteCount"/> bytes at <paramref name="offset"/> of <paramref name="path"/>; the caller has checked the file is long enough.</summary>
    public static MappedTensorRows Open(string path, string name, long offset, TensorFileDtype dtype, long rows, int cols)
    {
        var file = MemoryMappedFile.CreateFromFile(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read),
            mapName: null, capacity: 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
        MemoryMappedViewAccessor? view = null;
        try
        {
            view = file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            byte* pointer = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            return new MappedTensorRows(name, file, view, pointer + view.PointerOffset + offset, dtype, rows, cols);
        }
        catch
        {
            view?.Dispose();
            file.Dispose();
            throw;
        }
    }

    public void CopyRows(long start, int count, Span<float> destination)
    {
        ObjectDisposedException.ThrowIf(_data is null, this);
        long elements = (long)count * Cols;
        byte* source = _data + start * Cols * _elementSize;
        // Chunks keep each span's byte length below int.MaxValue.
        for (long done = 0; done < elements;)
        {
            int n = (int)Math.Min(elements - done, 1L << 26);
            LittleEndianFloats.ToSingle(new ReadOnlySpan<byte>(source + done * _elementSize, n * _elementSize), _dtype, destination.Slice((int)done, n));
            done += n;
        }
    }

    public void Dispose()
    {
        if (_data is null) return;
        _data = null;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file.Dispose();
    }
}
