using SaePlatform.Contracts.Components;

namespace SaePlatform.Host.Plugins.Components;

/// <summary>All components of all loaded plugins, by kind and id (ids compare case-insensitively).</summary>
internal sealed class ComponentRegistry
{
    private readonly Dictionary<(ComponentKind, string), ComponentDescriptor> _byKey = new(KeyComparer.Instance);

    /// <summary>Every registered component.</summary>
    public IEnumerable<ComponentDescriptor> All => _byKey.Values;

    /// <summary>Adds a component; false when a component of that kind and id already exists.</summary>
    public bool TryAdd(ComponentDescriptor descriptor) => _byKey.TryAdd((descriptor.Kind, descriptor.Id), descriptor);

    /// <summary>The component of <paramref name="kind"/> named <paramref name="id"/>, or null.</summary>
    public ComponentDescriptor? Find(ComponentKind kind, string id) => _byKey.GetValueOrDefault((kind, id));

    /// <summary>Ids of every component of <paramref name="kind"/>, sorted.</summary>
    public IReadOnlyList<string> IdsOf(ComponentKind kind)
    {
        var ids = new List<string>();
        foreach (var (key, _) in _byKey)
            if (key.Item1 == kind) ids.Add(key.Item2);
        ids.Sort(StringComparer.Ordinal);
        return ids;
    }

    private sealed class KeyComparer : IEqualityComparer<(ComponentKind, string)>
    {
        public static readonly KeyComparer Instance = new();
        public bool Equals((ComponentKind, string) x, (ComponentKind, string) y) =>
            x.Item1 == y.Item1 && StringComparer.OrdinalIgnoreCase.Equals(x.Item2, y.Item2);
        public int GetHashCode((ComponentKind, string) obj) =>
            HashCode.Combine(obj.Item1, StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Item2));
    }
}
