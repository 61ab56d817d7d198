namespace SaePlatform.Host.Configuration.Tree;

/// <summary>Deep merge used by <c>extends</c>: maps merge key by key, anything else (lists included) is replaced.</summary>
internal static class ConfigTreeMerger
{
    /// <summary>
    /// <paramref name="overlay"/> laid over <paramref name="baseNode"/>. Neither input is modified; a null in the
    /// overlay replaces the base value (that is how a derived config removes, say, a penalty).
    /// </summary>
    public static ConfigNode Merge(ConfigNode? baseNode, ConfigNode overlay)
    {
        if (baseNode is not ConfigMap baseMap || overlay is not ConfigMap overlayMap) return overlay.Clone();
        // The merged map takes the overlay's location: a "missing key" error points at the file being composed.
        var merged = new ConfigMap(overlayMap.Location);
        foreach (var entry in baseMap.Entries) merged.Set(entry.Key, entry.KeyLocation, entry.Value.Clone());
        foreach (var entry in overlayMap.Entries)
            merged.Set(entry.Key, entry.KeyLocation, Merge(merged.Get(entry.Key), entry.Value));
        return merged;
    }
}
