namespace SaePlatform.Host.Plugins;

/// <summary>Finds plugin folders: every immediate subfolder of a root holding a <c>plugin.json</c>, or the root itself when it holds one.</summary>
internal static class PluginDiscovery
{
    /// <summary>A folder that holds a <c>plugin.json</c>, and the root it was found under.</summary>
    public readonly record struct Candidate(string Folder, PluginRoot Root);

    /// <summary>Plugin folders under <paramref name="roots"/> in root order, then by folder name; and the explicit roots that do not exist.</summary>
    public static (IReadOnlyList<Candidate> Folders, IReadOnlyList<PluginRoot> MissingRoots) Find(IEnumerable<PluginRoot> roots)
    {
        var folders = new List<Candidate>();
        var missing = new List<PluginRoot>();
        var seen = new HashSet<string>(PluginRoots.PathComparer);
        foreach (var root in roots)
        {
            if (!Directory.Exists(root.Path))
            {
                if (root.IsExplicit) missing.Add(root);
                continue;
            }
            if (File.Exists(Path.Combine(root.Path, PluginManifest.FileName)))
            {
                if (seen.Add(root.Path)) folders.Add(new Candidate(root.Path, root));
                continue;
            }
            var subfolders = Directory.GetDirectories(root.Path);
            Array.Sort(subfolders, StringComparer.Ordinal);
            foreach (var folder in subfolders)
            {
                if (File.Exists(Path.Combine(folder, PluginManifest.FileName)) && seen.Add(folder))
                    folders.Add(new Candidate(folder, root));
            }
        }
        return (folders, missing);
    }
}
