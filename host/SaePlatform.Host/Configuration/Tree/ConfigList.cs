namespace SaePlatform.Host.Configuration.Tree;

/// <summary>A YAML sequence.</summary>
internal sealed class ConfigList(IReadOnlyList<ConfigNode> items, SourceLocation location) : ConfigNode(location)
{
    /// <summary>The items in order.</summary>
    public List<ConfigNode> Items { get; } = [.. items];

    /// <inheritdoc />
    public override string Describe() => "a list";

    /// <inheritdoc />
    public override ConfigNode Clone()
    {
        var copy = new List<ConfigNode>(Items.Count);
        foreach (var item in Items) copy.Add(item.Clone());
        return new ConfigList(copy, Location);
    }
}
