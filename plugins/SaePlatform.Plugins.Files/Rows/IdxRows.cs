using System.Buffers.Binary;
using System.IO.Compression;

namespace SaePlatform.Plugins.Files.Rows;

/// <summary>
/// An IDX file (the MNIST format, SAE_REFERENCE.md "Files"), gzip-compressed or plain, held in memory as its
/// raw big-endian bytes and converted per read: the first dimension is rows, the rest are flattened into
/// columns. Unsigned bytes (pixels) are divided by 255 when <c>scale</c> is on.
/// </summary>
internal sealed class IdxRows : IRowFile
{
    private readonly byte[] _data;
    private readonly byte _type;
    private readonly int _elementSize;
    private readonly float _byteDivisor; // pixel / 255 exactly (correctly rounded), not pixel * (1/255)

    private IdxRows(string name, byte[] data, byte type, long rows, int cols, bool scale)
    {
        Name = name;
        _data = data;
        _type = type;
        _elementSize = ElementSize(type)!.Value;
        _byteDivisor = scale && type == 0x08 ? 255f : 1f;
        Rows = rows;
        Cols = cols;
    }

    public string Name { get; }
    public long Rows { get; }
    public int Cols { get; }

    /// <exception cref="InvalidDataException">Bad magic, unsupported type code, or a truncated file (names the file and sizes).</exception>
    public static IdxRows Open(string path, bool scale)
    {
        byte[] bytes = ReadAll(path);
        if (bytes.Length < 4 || bytes[0] != 0 || bytes[1] != 0)
            throw new InvalidDataException($"{path}: not an IDX file (the first two bytes of the magic must be 0).");
        byte type = bytes[2];
        int rank = bytes[3];
        if (ElementSize(type) is not { } size)
            throw new InvalidDataException($"{path}: IDX type code 0x{type:X2} is not supported (unsupported dtype; supported: 0x08 u8, 0x09 i8, 0x0B i16, 0x0C i32, 0x0D f32, 0x0E f64).");
        if (rank == 0 || bytes.Length < 4 + 4 * rank)
            throw new InvalidDataException($"{path}: the IDX header is truncated or has no dimensions (rank {rank}, file size {bytes.Length}).");
        long rows = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(4));
        long cols = 1;
        for (int i = 1; i < rank; i++)
        {
            cols *= BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(4 + 4 * i));
            // Checked per dimension: 255 dimensions of up to 2^32 would overflow a long.
            if (cols > int.MaxValue) throw new InvalidDataException($"{path}: rows of more than {int.MaxValue} elements are too wide (dimensions in the IDX header).");
        }
        if (cols == 0) throw new InvalidDataException($"{path}: rows have 0 values (a dimension in the IDX header is 0).");
        int headerLength = 4 + 4 * rank;
        long present = bytes.Length - headerLength;
        if (rows > present / (cols * size))
            throw new InvalidDataException($"{path}: the file is truncated: {rows} x {cols} elements need {(decimal)rows * cols * size} data bytes after the {headerLength}-byte header, but only {present} are present.");
        long needed = rows * cols * size;
        return new IdxRows(path, bytes[headerLength..(int)(headerLength + needed)], type, rows, (int)cols, scale);
    }

    public void CopyRows(long start, int count, Span<float> destination)
    {
        int n = count * Cols;
        var source = _data.AsSpan(checked((int)(start * Cols * _elementSize)), n * _elementSize);
        if (_type == 0x08)
        {
            for (int i = 0; i < n; i++) destination[i] = source[i] / _byteDivisor;
            return;
        }
        for (int i = 0; i < n; i++)
        {
            var e = source.Slice(i * _elementSize, _elementSize);
            destination[i] = _type switch
            {
                0x09 => (sbyte)e[0],
                0x0B => BinaryPrimitives.ReadInt16BigEndian(e),
                0x0C => BinaryPrimitives.ReadInt32BigEndian(e),
                0x0D => BinaryPrimitives.ReadSingleBigEndian(e),
                _ => (float)BinaryPrimitives.ReadDoubleBigEndian(e),
            };
        }
    }

    public void Dispose() { }

    private static int? ElementSize(byte type) => type switch
    {
        0x08 or 0x09 => 1,
        0x0B => 2,
        0x0C or 0x0D => 4,
        0x0E => 8,
        _ => null,
    };

    // gzip is recognised by its magic bytes (1f 8b), not the file name.
    private static byte[] ReadAll(string path)
    {
        using var file = File.OpenRead(path);
        Span<byte> magic = stackalloc byte[2];
        int got = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        if (got == 2 && magic[0] == 0x1f && magic[1] == 0x8b)
        {
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var buffer = new MemoryStream();
            try
            {
                gzip.CopyTo(buffer);
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"{path}: the gzip stream is corrupt or truncated ({e.Message}).", e);
            }
            return buffer.ToArray();
        }
        return File.ReadAllBytes(path);
    }
}
