using System.Buffers.Binary;
using System.Text;

namespace SaePlatform.Tensors.IO;

/// <summary>
/// Reads and writes the safetensors format (Hugging Face <c>safetensors</c>, used by SAELens for
/// <c>sae_weights.safetensors</c>): an 8-byte little-endian header length, a JSON header mapping
/// names to <c>{dtype, shape, data_offsets}</c> plus optional string <c>__metadata__</c>, then the raw
/// little-endian data.
/// </summary>
/// <remarks>
/// Tensors here have rank 0 to 2, so reading a tensor of higher rank throws (its entry is still
/// visible through <see cref="ReadHeader"/>); nothing is silently flattened.
/// </remarks>
public static class SafetensorsFile
{
    private const int FileBufferSize = 1 << 16;

    /// <summary>
    /// Writes <paramref name="tensors"/> as F32, laid out exactly as the reference Rust crate does:
    /// entries sorted by name (UTF-8 byte order), data contiguous in that order, compact JSON with
    /// <c>__metadata__</c> first (its keys sorted ordinally), header padded with spaces to a multiple
    /// of 8 bytes. Tensor names need not match <see cref="Tensor.Name"/>. The file is replaced atomically.
    /// </summary>
    /// <param name="path">Destination file; its folder is created if missing.</param>
    /// <param name="tensors">Named tensors, e.g. a dictionary or a list of pairs; names must be unique and not <c>__metadata__</c>.</param>
    /// <param name="metadata">Optional string map written as <c>__metadata__</c>; null writes none.</param>
    /// <exception cref="ArgumentException">A name is duplicated, empty or reserved.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void Write(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var (header, ordered) = Prepare(tensors, metadata);
        AtomicFile.Write(path, stream => WriteBody(stream, header, ordered));
    }

    /// <summary>Writes the same bytes as <see cref="Write(string, IEnumerable{KeyValuePair{string, Tensor}}, IReadOnlyDictionary{string, string}?)"/> to a stream.</summary>
    public static void Write(Stream stream, IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var (header, ordered) = Prepare(tensors, metadata);
        WriteBody(stream, header, ordered);
    }

    /// <summary>
    /// Reads every tensor (F32, F16, BF16 or F64, converted to float32) and the metadata. Tensors are
    /// long-lived (non-pooled) and carry their key as <see cref="Tensor.Name"/>.
    /// </summary>
    /// <exception cref="TensorFileException">The file is malformed or truncated, or a tensor has an unsupported dtype or a rank above 2.</exception>
    public static SafetensorsContent Read(string path)
    {
        using var stream = OpenRead(path);
        var header = ReadHeaderFrom(stream, path);
        var names = new List<string>(header.Tensors.Count);
        var tensors = new Dictionary<string, Tensor>(header.Tensors.Count, StringComparer.Ordinal);
        foreach (var info in header.Tensors)
        {
            names.Add(info.Name);
            tensors[info.Name] = ReadTensorData(stream, header, info, path);
        }
        return new SafetensorsContent(path, names, tensors, header.Metadata);
    }

    /// <summary>Reads and validates only the header (names, dtypes, shapes, offsets, metadata); no tensor data is read.</summary>
    /// <exception cref="TensorFileException">The header is malformed or inconsistent with the file size.</exception>
    public static SafetensorsHeader ReadHeader(string path)
    {
        using var stream = OpenRead(path);
        return ReadHeaderFrom(stream, path);
    }

    /// <summary>Reads one tensor by name, touching only the header and that tensor's bytes.</summary>
    /// <exception cref="KeyNotFoundException">The file has no tensor named <paramref name="name"/>.</exception>
    /// <exception cref="TensorFileException">The file is malformed, or the tensor has an unsupported dtype or a rank above 2.</exception>
    public static Tensor ReadTensor(string path, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        using var stream = OpenRead(path);
        var header = ReadHeaderFrom(stream, path);
        var info = header.Find(name)
            ?? throw new KeyNotFoundException($"{path}: no tensor named '{name}' (tensors: {string.Join(", ", header.Tensors.Select(t => t.Name))}).");
        return ReadTensorData(stream, header, info, path);
    }

    private static SafetensorsHeader ReadHeaderFrom(FileStream stream, string path)
    {
        long fileLength = stream.Length;
        if (fileLength < 8)
            throw new TensorFileException(path, $"the file is {fileLength} bytes long, too short for the 8-byte safetensors header length");
        Span<byte> lengthBytes = stackalloc byte[8];
        stream.Position = 0;
        stream.ReadExactly(lengthBytes);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > (ulong)SafetensorsHeaderJson.MaxHeaderLength)
            throw new TensorFileException(path, $"the header length {headerLength} exceeds the safetensors limit of {SafetensorsHeaderJson.MaxHeaderLength} bytes (not a safetensors file?)");
        if ((long)headerLength > fileLength - 8)
            throw new TensorFileException(path, $"the header length {headerLength} extends beyond the end of the file ({fileLength} bytes, so at most {fileLength - 8} header bytes)");
        var headerBytes = new byte[headerLength];
        stream.ReadExactly(headerBytes);
        return SafetensorsHeaderJson.Parse(headerBytes, fileLength - 8 - (long)headerLength, path);
    }

    private static Tensor ReadTensorData(FileStream stream, SafetensorsHeader header, SafetensorsTensorInfo info, string path)
    {
        var dtype = info.FloatDtype
            ?? throw new TensorFileException(path, $"tensor '{info.Name}' has dtype {info.Dtype}; only F32, F16, BF16 and F64 can be read");
        if (info.Shape.Count > 2)
            throw new TensorFileException(path, $"tensor '{info.Name}' has shape {info.ShapeText} (rank {info.Shape.Count}); tensors have rank 0 to 2");
        if (info.ElementCount > int.MaxValue)
            throw new TensorFileException(path, $"tensor '{info.Name}' has {info.ElementCount} elements, more than one tensor holds ({int.MaxValue})");
        var shape = new int[info.Shape.Count];
        for (int i = 0; i < shape.Length; i++) shape[i] = (int)info.Shape[i];

        var data = GC.AllocateUninitializedArray<float>((int)info.ElementCount);
        stream.Position = header.DataOffset + info.DataBegin;
        long got = ElementConversion.ReadSingles(stream, dtype, bigEndian: false, data);
        if (got != info.DataEnd - info.DataBegin)
            throw new TensorFileException(path, $"tensor '{info.Name}': expected {info.DataEnd - info.DataBegin} bytes, read {got} (the file changed while being read?)");
        var tensor = Tensor.Wrap(data, shape);
        tensor.Name = info.Name;
        return tensor;
    }

    private static (byte[] Header, List<KeyValuePair<string, Tensor>> Ordered) Prepare(IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var list = new List<(byte[] Key, KeyValuePair<string, Tensor> Pair)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pair in tensors)
        {
            if (string.IsNullOrEmpty(pair.Key)) throw new ArgumentException("Tensor names must be non-empty.", nameof(tensors));
            if (pair.Key == "__metadata__") throw new ArgumentException("'__metadata__' is reserved for the metadata map.", nameof(tensors));
            if (!seen.Add(pair.Key)) throw new ArgumentException($"Tensor name '{pair.Key}' appears twice.", nameof(tensors));
            ArgumentNullException.ThrowIfNull(pair.Value, $"tensors['{pair.Key}']");
            list.Add((Encoding.UTF8.GetBytes(pair.Key), pair));
        }
        // Rust String ordering is byte-wise over UTF-8, which differs from UTF-16 ordinal order for some characters.
        list.Sort(static (a, b) => a.Key.AsSpan().SequenceCompareTo(b.Key));

        var entries = new List<SafetensorsTensorInfo>(list.Count);
        var ordered = new List<KeyValuePair<string, Tensor>>(list.Count);
        long offset = 0;
        foreach (var (_, pair) in list)
        {
            var t = pair.Value;
            var shape = new long[t.Rank];
            for (int i = 0; i < shape.Length; i++) shape[i] = t.Shape[i];
            long bytes = (long)t.Length * sizeof(float);
            entries.Add(new SafetensorsTensorInfo(pair.Key, "F32", shape, offset, offset + bytes));
            ordered.Add(pair);
            offset += bytes;
        }
        return (SafetensorsHeaderJson.Format(entries, metadata), ordered);
    }

    private static void WriteBody(Stream stream, byte[] header, List<KeyValuePair<string, Tensor>> ordered)
    {
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        stream.Write(header);
        foreach (var pair in ordered) ElementConversion.WriteSingles(stream, pair.Value.IsHost ? pair.Value.Span : pair.Value.ToArray());
    }

    private static FileStream OpenRead(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileBufferSize);
    }
}
