using System.IO.Compression;

namespace SaePlatform.Tensors.IO;

/// <summary>
/// numpy .npz archives (<c>numpy.savez</c>, <c>numpy.savez_compressed</c>): a zip file whose entries are
/// .npy files named <c>&lt;array&gt;.npy</c>. Entries may be stored or deflated.
/// </summary>
public static class NpzFile
{
    private const string Suffix = ".npy";

    /// <summary>Array names in archive order, without the <c>.npy</c> suffix (as <c>numpy.load(path).files</c> lists them).</summary>
    /// <exception cref="TensorFileException">The file is not a readable zip archive.</exception>
    public static IReadOnlyList<string> ListArrays(string path)
    {
        using var archive = OpenArchive(path);
        var names = new List<string>(archive.Entries.Count);
        foreach (var entry in archive.Entries)
            if (!entry.FullName.EndsWith('/')) names.Add(StripSuffix(entry.FullName));
        return names;
    }

    /// <summary>
    /// Reads the array <paramref name="name"/> (the entry <c>name.npy</c>, or an entry called exactly
    /// <paramref name="name"/>) with the same rules as <see cref="NpyFile.Read(string)"/>.
    /// </summary>
    /// <exception cref="KeyNotFoundException">The archive has no such array (the message lists those it has).</exception>
    /// <exception cref="TensorFileException">The archive or the entry is malformed, truncated or unsupported.</exception>
    public static Tensor ReadArray(string path, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        using var archive = OpenArchive(path);
        var entry = archive.GetEntry(name + Suffix) ?? archive.GetEntry(name)
            ?? throw NoSuchArray(path, name, archive.Entries.Select(e => e.FullName));
        var source = $"{path}:{entry.FullName}";
        try
        {
            using var stream = entry.Open();
            return NpyFile.Read(stream, source);
        }
        catch (InvalidDataException e)
        {
            throw new TensorFileException(source, $"the zip entry is corrupt: {e.Message}", e);
        }
    }

    /// <summary>
    /// Maps the array <paramref name="name"/> (found as in <see cref="ReadArray"/>) in place when its entry is
    /// stored uncompressed (zip method 0, as <c>numpy.savez</c> writes), so it is read row by row from disk
    /// like a .npy file; returns null when the entry is compressed or encrypted (read it with
    /// <see cref="ReadArray"/>). The mapped array's <see cref="NpyMappedArray.Path"/> is
    /// <c>archive.npz:entry.npy</c>; higher ranks are viewed as rows of the last dimension.
    /// </summary>
    /// <exception cref="KeyNotFoundException">The archive has no such array (the message lists those it has).</exception>
    /// <exception cref="TensorFileException">The archive or the entry is malformed, truncated or unsupported.</exception>
    public static NpyMappedArray? TryMapArray(string path, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        using var stream = NpyFile.OpenRead(path);
        ZipDirectory.Entry entry;
        long dataStart;
        try
        {
            var entries = ZipDirectory.ReadEntries(stream);
            int index = entries.FindIndex(e => e.Name == name + Suffix);
            if (index < 0) index = entries.FindIndex(e => e.Name == name);
            if (index < 0) throw NoSuchArray(path, name, entries.Select(e => e.Name));
            entry = entries[index];
            if (!entry.IsPlain) return null;
            dataStart = ZipDirectory.DataStart(stream, entry);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            throw new TensorFileException(path, $"not a readable .npz (zip) archive: {e.Message}", e);
        }
        var source = $"{path}:{entry.Name}";
        if (dataStart + entry.CompressedSize > stream.Length)
            throw new TensorFileException(source, $"the stored entry's {entry.CompressedSize} bytes at byte offset {dataStart} run past the end of the archive ({stream.Length} bytes)");
        // A header running past the entry is caught by Map's length check (available = the entry's size).
        stream.Position = dataStart;
        var header = NpyFile.ReadHeader(stream, source);
        return NpyMappedArray.Map(source, path, dataStart, header, entry.CompressedSize);
    }

    /// <summary>
    /// Writes <paramref name="arrays"/> as an .npz archive of float32 .npy entries (<c>name.npy</c>), deflated
    /// when <paramref name="compress"/> is true (like <c>savez_compressed</c>), stored otherwise (like <c>savez</c>).
    /// The file is replaced atomically.
    /// </summary>
    /// <exception cref="ArgumentException">A name is empty or duplicated.</exception>
    public static void Write(string path, IEnumerable<KeyValuePair<string, Tensor>> arrays, bool compress = false)
    {
        ArgumentNullException.ThrowIfNull(arrays);
        var list = arrays.ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, tensor) in list)
        {
            if (string.IsNullOrEmpty(name)) throw new ArgumentException("Array names must be non-empty.", nameof(arrays));
            if (!seen.Add(name)) throw new ArgumentException($"Array name '{name}' appears twice.", nameof(arrays));
            ArgumentNullException.ThrowIfNull(tensor, $"arrays['{name}']");
        }
        AtomicFile.Write(path, stream =>
        {
            using var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            foreach (var (name, tensor) in list)
            {
                var entry = archive.CreateEntry(name + Suffix, compress ? CompressionLevel.Optimal : CompressionLevel.NoCompression);
                using var entryStream = entry.Open();
                NpyFile.Write(entryStream, tensor);
            }
        });
    }

    private static ZipArchive OpenArchive(string path)
    {
        var stream = NpyFile.OpenRead(path);
        try
        {
            return new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: false);
        }
        catch (InvalidDataException e)
        {
            stream.Dispose();
            throw new TensorFileException(path, $"not a readable .npz (zip) archive: {e.Message}", e);
        }
    }

    private static KeyNotFoundException NoSuchArray(string path, string name, IEnumerable<string> entryNames) =>
        new($"{path}: no array named '{name}' (arrays: {string.Join(", ", entryNames.Select(StripSuffix))}).");

    private static string StripSuffix(string entryName) =>
        entryName.EndsWith(Suffix, StringComparison.Ordinal) ? entryName[..^Suffix.Length] : entryName;
}
