namespace SaePlatform.Tensors.IO;

/// <summary>
/// Writes a file so that readers see either the old complete file or the new complete file, never a
/// partial one: the content goes to a temporary file in the same folder (same file system, so the
/// rename is atomic), is flushed to disk, then replaces the target. Each write has its own temporary name,
/// so threads and processes writing the same file never share one.
/// </summary>
public static class AtomicFile
{
    private const int BufferSize = 1 << 20;

    /// <summary>Writes <paramref name="path"/> (creating its folder) with what <paramref name="writeContent"/> puts in the stream.</summary>
    /// <param name="path">The file to replace or create.</param>
    /// <param name="writeContent">Writes the whole content; an exception leaves the old file in place and no temporary file.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or has no parent folder.</exception>
    public static void Write(string path, Action<Stream> writeContent)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full) ?? throw new ArgumentException($"'{path}' has no parent folder.", nameof(path));
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize))
            {
                writeContent(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 without a byte-order mark, atomically as <see cref="Write"/> does.</summary>
    /// <param name="path">The file to replace or create.</param>
    /// <param name="text">The whole content.</param>
    public static void WriteText(string path, string text) =>
        Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), leaveOpen: true);
            writer.Write(text);
        });

    private static void TryDelete(string temp)
    {
        try { File.Delete(temp); }
        catch (IOException) { /* the original error matters more than a leftover temp file */ }
        catch (UnauthorizedAccessException) { }
    }
}
