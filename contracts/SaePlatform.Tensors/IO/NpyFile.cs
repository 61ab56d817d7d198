using System.Buffers.Binary;
using System.Text;

namespace SaePlatform.Tensors.IO;

/// <summary>
/// Reads and writes single arrays in numpy's .npy format (<c>numpy.save</c> / <c>numpy.load</c>).
/// </summary>
/// <remarks>
/// Layout (numpy.lib.format): the magic <c>\x93NUMPY</c>, major and minor version bytes, the header
/// length (uint16 little-endian for version 1.0, uint32 for 2.0 and 3.0), the header dictionary
/// (latin-1, utf-8 for 3.0) padded with spaces and ended by <c>'\n'</c> so the data starts at a
/// multiple of 64 bytes, then the raw elements in C order.
/// </remarks>
public static class NpyFile
{
    /// <summary>numpy.lib.format.ARRAY_ALIGN: the data offset is a multiple of this.</summary>
    internal const int ArrayAlign = 64;

    /// <summary>Sanity bound for headers read from non-seekable streams (numpy's own limit is 10 000 characters).</summary>
    private const int MaxHeaderBytes = 1 << 24;

    private const int FileBufferSize = 1 << 16;

    internal static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>
    /// Writes <paramref name="tensor"/> as a version 1.0 .npy file of little-endian float32 (<c>'&lt;f4'</c>),
    /// C order, byte-for-byte as numpy 2.x writes it. The file is replaced atomically (temporary file, then rename).
    /// </summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void Write(string path, Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        AtomicFile.Write(path, stream => Write(stream, tensor));
    }

    /// <summary>Writes <paramref name="tensor"/> in .npy format (see <see cref="Write(string, Tensor)"/>) at the stream's position.</summary>
    public static void Write(Stream stream, Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(tensor);
        var shape = new long[tensor.Rank];
        for (int i = 0; i < shape.Length; i++) shape[i] = tensor.Shape[i];
        stream.Write(BuildHeader("<f4", shape));
        ElementConversion.WriteSingles(stream, tensor.IsHost ? tensor.Span : tensor.ToArray());
    }

    /// <summary>
    /// Writes only the header of a version 1.0 .npy file of <paramref name="descr"/> elements (<c>&lt;f4</c>,
    /// <c>&lt;i4</c>, <c>&lt;i8</c>, ...) and the given C-order shape, for writers that stream the data after it.
    /// </summary>
    /// <exception cref="ArgumentException">The header would exceed the 1.0 format's 65,535 bytes.</exception>
    public static void WriteHeader(Stream stream, string descr, IReadOnlyList<long> shape)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(shape);
        stream.Write(BuildHeader(descr, shape));
    }

    /// <summary>
    /// Reads a .npy file of <c>f2</c>, <c>f4</c> or <c>f8</c> elements (little- or big-endian), C order,
    /// rank 0 to 2, converting to float32. The result is a long-lived (non-pooled) tensor.
    /// Version 1.0, 2.0 and 3.0 headers are accepted.
    /// </summary>
    /// <exception cref="TensorFileException">The file is malformed or truncated, Fortran-ordered, of rank above 2, or of an unsupported dtype.</exception>
    public static Tensor Read(string path)
    {
        using var stream = OpenRead(path);
        return Read(stream, path);
    }

    /// <summary>Reads a .npy array from <paramref name="stream"/> (see <see cref="Read(string)"/>); <paramref name="sourceName"/> names it in errors.</summary>
    /// <exception cref="TensorFileException">The data is malformed, truncated or unsupported.</exception>
    public static Tensor Read(Stream stream, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var header = ReadHeader(stream, sourceName);
        return ReadData(stream, header, sourceName);
    }

    /// <summary>Reads and validates only the header of a .npy file (the data is not read).</summary>
    /// <exception cref="TensorFileException">The header is malformed or names an unsupported dtype.</exception>
    public static NpyHeader ReadHeader(string path)
    {
        using var stream = OpenRead(path);
        return ReadHeader(stream, path);
    }

    /// <summary>
    /// Reads the header at the stream's position and leaves the stream at the first data byte.
    /// <see cref="NpyHeader.DataOffset"/> counts from where the header started.
    /// </summary>
    /// <exception cref="TensorFileException">The header is malformed or names an unsupported dtype.</exception>
    public static NpyHeader ReadHeader(Stream stream, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(sourceName);
        Span<byte> prefix = stackalloc byte[12];
        int got = stream.ReadAtLeast(prefix[..8], 8, throwOnEndOfStream: false);
        if (got == 0)
            throw new TensorFileException(sourceName, "the file is empty, not a .npy file");
        int compared = Math.Min(got, Magic.Length);
        if (!prefix[..compared].SequenceEqual(Magic[..compared]))
            throw new TensorFileException(sourceName, "not a .npy file: it does not start with the magic \\x93NUMPY");
        if (got < 8)
            throw new TensorFileException(sourceName, $"the file is {got} bytes long, too short for a .npy header");

        int major = prefix[6], minor = prefix[7];
        int lengthBytes = (major, minor) switch
        {
            (1, 0) => 2,
            (2, 0) or (3, 0) => 4,
            _ => throw new TensorFileException(sourceName, $"unsupported .npy format version {major}.{minor} (supported: 1.0, 2.0, 3.0)"),
        };
        if (stream.ReadAtLeast(prefix.Slice(8, lengthBytes), lengthBytes, throwOnEndOfStream: false) < lengthBytes)
            throw new TensorFileException(sourceName, "the file ends inside the .npy header length field");
        long headerLength = lengthBytes == 2
            ? BinaryPrimitives.ReadUInt16LittleEndian(prefix.Slice(8, 2))
            : BinaryPrimitives.ReadUInt32LittleEndian(prefix.Slice(8, 4));
        long dataOffset = 8 + lengthBytes + headerLength;

        if (stream.CanSeek && stream.Length - stream.Position < headerLength)
            throw new TensorFileException(sourceName, $"the header length {headerLength} extends beyond the end of the file: "
                + $"the header would end at byte {dataOffset}, the file has {stream.Length - stream.Position + 8 + lengthBytes} bytes");
        if (headerLength > MaxHeaderBytes)
            throw new TensorFileException(sourceName, $"the header length {headerLength} is implausibly large (limit {MaxHeaderBytes} bytes)");

        var headerBytes = new byte[headerLength];
        int read = stream.ReadAtLeast(headerBytes, headerBytes.Length, throwOnEndOfStream: false);
        if (read < headerBytes.Length)
            throw new TensorFileException(sourceName, $"the header length {headerLength} extends beyond the end of the data: only {read} header bytes follow");
        var text = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(headerBytes);

        var (descr, fortran, shape) = NpyHeaderText.Parse(text, sourceName);
        var (dtype, bigEndian) = ParseDescr(descr, sourceName);
        return new NpyHeader(major, minor, descr, dtype, bigEndian, fortran, shape, dataOffset);
    }

    /// <summary>Header bytes (magic through the final newline) of a version 1.0 file, as numpy's <c>_write_array_header</c> lays them out.</summary>
    internal static byte[] BuildHeader(string descr, IReadOnlyList<long> shape)
    {
        var dict = NpyHeaderText.FormatDictionary(descr, shape);
        const int prefixLength = 10; // magic (6) + version (2) + uint16 length (2)
        int hlen = dict.Length + 1; // + '\n'
        // numpy: padlen = ARRAY_ALIGN - ((MAGIC_LEN + 2 + hlen) % ARRAY_ALIGN), which is 64 (not 0) when already aligned.
        int padlen = ArrayAlign - ((prefixLength + hlen) % ArrayAlign);
        int headerLength = hlen + padlen;
        if (headerLength > ushort.MaxValue)
            throw new ArgumentException($"A .npy 1.0 header cannot hold {headerLength} bytes (shape {NpyHeaderText.FormatShape(shape)}).");

        var bytes = new byte[prefixLength + headerLength];
        Magic.CopyTo(bytes);
        bytes[6] = 1;
        bytes[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)headerLength);
        Encoding.Latin1.GetBytes(dict, bytes.AsSpan(prefixLength));
        bytes.AsSpan(prefixLength + dict.Length, padlen).Fill((byte)' ');
        bytes[^1] = (byte)'\n';
        return bytes;
    }

    internal static FileStream OpenRead(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileBufferSize);
    }

    /// <summary>Maps a descriptor such as <c>&lt;f4</c> to a dtype and byte order.</summary>
    internal static (TensorFileDtype Dtype, bool BigEndian) ParseDescr(string descr, string sourceName)
    {
        var body = descr.AsSpan();
        bool bigEndian = !BitConverter.IsLittleEndian;
        if (body.Length > 0 && body[0] is '<' or '>' or '=')
        {
            bigEndian = body[0] == '>' || (body[0] == '=' && !BitConverter.IsLittleEndian);
            body = body[1..];
        }
        TensorFileDtype? dtype = body switch
        {
            "f2" => TensorFileDtype.Float16,
            "f4" => TensorFileDtype.Float32,
            "f8" => TensorFileDtype.Float64,
            _ => null,
        };
        return dtype is { } d
            ? (d, bigEndian)
            : throw new TensorFileException(sourceName, $"dtype '{descr}' is not supported: readers accept '<f2', '<f4', '<f8' and big-endian '>f2', '>f4', '>f8'");
    }

    private static Tensor ReadData(Stream stream, NpyHeader header, string sourceName)
    {
        if (header.FortranOrder)
            throw new TensorFileException(sourceName, $"the array is stored in Fortran (column-major) order; only C order is supported (save it with numpy.ascontiguousarray)");
        if (header.Shape.Count > 2)
            throw new TensorFileException(sourceName, $"the array has shape {header.ShapeText} (rank {header.Shape.Count}); tensors have rank 0 to 2 (NpyMappedArray reads higher ranks as rows of the last dimension)");
        foreach (var d in header.Shape)
            if (d > int.MaxValue) throw new TensorFileException(sourceName, $"dimension {d} of shape {header.ShapeText} exceeds the tensor limit of {int.MaxValue}");
        if (header.ElementCount > int.MaxValue)
            throw new TensorFileException(sourceName, $"shape {header.ShapeText} has {header.ElementCount} elements, more than one tensor holds ({int.MaxValue}); use NpyMappedArray");

        long expected = header.DataLength;
        if (stream.CanSeek && stream.Length - stream.Position < expected)
            throw Truncated(sourceName, header, stream.Length - stream.Position);

        var shape = new int[header.Shape.Count];
        for (int i = 0; i < shape.Length; i++) shape[i] = (int)header.Shape[i];
        var data = GC.AllocateUninitializedArray<float>((int)header.ElementCount);
        long got = ElementConversion.ReadSingles(stream, header.Dtype, header.IsBigEndian, data);
        if (got < expected) throw Truncated(sourceName, header, got);
        return Tensor.Wrap(data, shape);
    }

    internal static TensorFileException Truncated(string sourceName, NpyHeader header, long actualDataBytes) =>
        new(sourceName, $"the file is truncated: shape {header.ShapeText} of '{header.Descr}' needs {header.DataLength} data bytes " +
            $"(file size {header.DataOffset + header.DataLength}), but only {actualDataBytes} data bytes are present (file size {header.DataOffset + actualDataBytes})");
}
