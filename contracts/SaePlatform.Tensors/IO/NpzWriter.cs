using System.IO.Compression;

namespace SaePlatform.Tensors.IO;

/// <summary>
/// Writes a numpy .npz archive (what <c>numpy.savez</c> writes and <c>numpy.load</c> reads): a zip of stored
/// (uncompressed) <c>&lt;name&gt;.npy</c> entries. Each entry's data is streamed by a callback, so arrays larger
/// than memory can be written; Zip64 is used where sizes need it.
/// </summary>
public sealed class NpzWriter : IDisposable
{
    private readonly ZipArchive _archive;
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    /// <summary>Starts an archive on <paramref name="stream"/> (left open when the writer is disposed).</summary>
    public NpzWriter(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
    }

    /// <summary>
    /// Adds the array <paramref name="name"/> (entry <c>name.npy</c>) of <paramref name="descr"/> elements and
    /// <paramref name="shape"/>; <paramref name="writeData"/> writes exactly its little-endian C-order bytes.
    /// </summary>
    /// <exception cref="ArgumentException">The name is empty or already added.</exception>
    public void Add(string name, string descr, IReadOnlyList<long> shape, Action<Stream> writeData)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(writeData);
        if (!_names.Add(name)) throw new ArgumentException($"The archive already holds an array '{name}'.", nameof(name));
        var entry = _archive.CreateEntry(name + ".npy", CompressionLevel.NoCompression);
        using var stream = entry.Open();
        NpyFile.WriteHeader(stream, descr, shape);
        writeData(stream);
    }

    /// <summary>Writes the archive's central directory.</summary>
    public void Dispose() => _archive.Dispose();
}
