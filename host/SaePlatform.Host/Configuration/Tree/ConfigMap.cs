namespace SaePlatform.Host.Configuration.Tree;

/// <summary>A YAML mapping with string keys, in the order written; each key remembers its own location.</summary>
internal sealed class ConfigMap(SourceLocation location) : ConfigNode(location)
{
    private readonly List<ConfigEntry> _entries = [];

    /// <summary>The entries in the order they were first written.</summary>
    public IReadOnlyList<ConfigEntry> Entries => _entries;

    /// <summary>Number of entries.</summary>
    public int Count => _entries.Count;

    /// <summary>The entry for <paramref name="key"/>, or null.</summary>
    public ConfigEntry? Find(string key)
    {
        foreach (var entry in _entries)
            if (entry.Key == key) return entry;
        return null;
    }

    /// <summary>The value of <paramref name="key"/>, or null when absent (a YAML null is a <see cref="ConfigScalar"/>).</summary>
    public ConfigNode? Get(string key) => Find(key)?.Value;

    /// <summary>Adds or replaces <paramref name="key"/>, keeping the position of an existing key.</summary>
    public void Set(string key, SourceLocation keyLocation, ConfigNode value)
    {
        for (var i = 0; i < _entries.Count; i++)
        {
            if (_entries[i].Key != key) continue;
            _entries[i] = new ConfigEntry(key, keyLocation, value);
            return;
        }
        _entries.Add(new ConfigEntry(key, keyLocation, value));
    }

    /// <summary>Removes <paramref name="key"/>; false when it was absent.</summary>
    public bool Remove(string key) => _entries.RemoveAll(e => e.Key == key) > 0;

    /// <inheritdoc />
    public override string Describe() => "a map";

    /// <inheritdoc />
    public override ConfigNode Clone()
    {
        var copy = new ConfigMap(Location);
        foreach (var entry in _entries) copy._entries.Add(entry with { Value = entry.Value.Clone() });
        return copy;
    }
}

/// <summary>One key of a <see cref="ConfigMap"/>.</summary>
/// <param name="Key">The key text.</param>
/// <param name="KeyLocation">Where the key was written (unknown-key errors point here).</param>
/// <param name="Value">Its value.</param>
internal sealed record ConfigEntry(string Key, SourceLocation KeyLocation, ConfigNode Value);
