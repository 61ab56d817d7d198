namespace SaePlatform.Host.Configuration.Tree;

/// <summary>
/// A node of a parsed config: a map, a list or a scalar, remembering where it was written so that every
/// error can name the file, line and column.
/// </summary>
internal abstract class ConfigNode(SourceLocation location)
{
    /// <summary>Where the node starts.</summary>
    public SourceLocation Location { get; } = location;

    /// <summary>Word used in "expected X, got Y" messages.</summary>
    public abstract string Describe();

    /// <summary>A deep copy (merging mutates maps, so bases are copied before being overlaid).</summary>
    public abstract ConfigNode Clone();
}
