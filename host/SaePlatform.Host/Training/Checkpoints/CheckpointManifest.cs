using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SaePlatform.Host.Training.Checkpoints;

/// <summary>
/// <c>manifest.json</c> in a checkpoint folder: every other file's size and SHA-256, written last (before the
/// folder is renamed into place) and checked before a resume reads anything, so a truncated or altered file is
/// named instead of being read as weights. Checkpoints written before manifests existed have none and are read as before.
/// </summary>
internal static class CheckpointManifest
{
    /// <summary>The manifest's file name.</summary>
    public const string FileName = "manifest.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Lists every file under <paramref name="folder"/> (recursively) with its size and checksum.</summary>
    public static void Write(string folder)
    {
        var files = new List<Entry>();
        foreach (var path in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var name = Path.GetRelativePath(folder, path).Replace('\\', '/');
            if (name == FileName) continue;
            files.Add(new Entry(name, new FileInfo(path).Length, Sha256(path)));
        }
        File.WriteAllBytes(Path.Combine(folder, FileName), JsonSerializer.SerializeToUtf8Bytes(new Content(1, files), Json));
    }

    /// <summary>Checks every file the manifest lists; does nothing for a checkpoint without a manifest.</summary>
    /// <exception cref="InvalidDataException">A file is missing, has another size or another checksum, or the manifest is unreadable (message names the file).</exception>
    public static void Verify(string folder)
    {
        var manifestPath = Path.Combine(folder, FileName);
        if (!File.Exists(manifestPath)) return;
        Content? content;
        try
        {
            content = JsonSerializer.Deserialize<Content>(File.ReadAllBytes(manifestPath), Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{manifestPath}: not a valid checkpoint manifest ({e.Message})");
        }
        if (content?.Files is null) throw new InvalidDataException($"{manifestPath}: not a valid checkpoint manifest (no file list)");
        foreach (var entry in content.Files)
        {
            if (entry.Name is null || entry.Name.Contains("..", StringComparison.Ordinal) || Path.IsPathRooted(entry.Name))
                throw new InvalidDataException($"{manifestPath}: lists an invalid file name '{entry.Name}'");
            var path = Path.Combine(folder, entry.Name);
            if (!File.Exists(path)) throw new InvalidDataException($"{path} is missing (listed in {FileName})");
            var size = new FileInfo(path).Length;
            if (size != entry.Size)
                throw new InvalidDataException($"{path} has {size:N0} bytes, {FileName} says {entry.Size:N0} (truncated or overwritten)");
            if (!string.Equals(Sha256(path), entry.Sha256, StringComparison.OrdinalIgnoreCase))
                throw new InvalidDataException($"{path}: SHA-256 differs from {FileName} (the file was altered after it was written)");
        }
    }

    private static string Sha256(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private sealed record Content(int Version, List<Entry> Files);

    private sealed record Entry(string Name, long Size, [property: JsonPropertyName("sha256")] string Sha256);
}
