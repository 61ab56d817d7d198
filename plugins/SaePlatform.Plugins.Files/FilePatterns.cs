namespace SaePlatform.Plugins.Files;

/// <summary>
/// Expands the <c>path</c> / <c>paths</c> options into files: plain paths as given, and patterns with
/// <c>*</c> or <c>?</c> in the file name into the matching files, sorted by name (ordinal).
/// </summary>
internal static class FilePatterns
{
    /// <exception cref="InvalidDataException">A pattern has a wildcard in a folder name, or matches nothing.</exception>
    public static List<string> Expand(string? path, IReadOnlyList<string>? paths)
    {
        var all = new List<string>();
        if (!string.IsNullOrEmpty(path)) all.Add(path);
        if (paths is not null) all.AddRange(paths);
        var files = new List<string>();
        foreach (var item in all)
        {
            if (item.AsSpan().IndexOfAny('*', '?') < 0)
            {
                files.Add(item);
                continue;
            }
            var folder = Path.GetDirectoryName(item) ?? ".";
            if (folder.AsSpan().IndexOfAny('*', '?') >= 0)
                throw new InvalidDataException($"'{item}': wildcards are supported in the file name only, not in folder names.");
            var options = new EnumerationOptions { MatchType = MatchType.Simple, MatchCasing = MatchCasing.CaseSensitive };
            var matches = Directory.Exists(folder) ? Directory.GetFiles(folder, Path.GetFileName(item), options) : [];
            if (matches.Length == 0) throw new InvalidDataException($"no file matches '{item}' (empty selection).");
            Array.Sort(matches, StringComparer.Ordinal);
            files.AddRange(matches);
        }
        return files;
    }
}
