namespace SaePlatform.Host.Configuration.Tree;

/// <summary>A scalar as written: its text and whether it was quoted.</summary>
/// <remarks>
/// The text is kept unconverted: its meaning depends on the option it binds to (<c>8</c> is a layer name
/// for <c>run.layer</c> and a number for <c>architecture.k</c>).
/// </remarks>
internal sealed class ConfigScalar(string? value, bool isQuoted, SourceLocation location) : ConfigNode(location)
{
    /// <summary>The text; null for a YAML null (<c>null</c>, <c>~</c> or nothing).</summary>
    public string? Value { get; } = value;

    /// <summary>Whether the scalar was quoted, which makes <c>"null"</c> a string rather than a null.</summary>
    public bool IsQuoted { get; } = isQuoted;

    /// <summary>Whether this is a YAML null.</summary>
    public bool IsNull => Value is null;

    /// <summary>Creates a scalar from raw YAML text, turning the plain null spellings into null.</summary>
    public static ConfigScalar FromYaml(string text, bool isQuoted, SourceLocation location) =>
        !isQuoted && text is "" or "~" or "null" or "Null" or "NULL"
            ? new ConfigScalar(null, false, location)
            : new ConfigScalar(text, isQuoted, location);

    /// <inheritdoc />
    public override string Describe() => Value is null ? "null" : $"'{Value}'";

    /// <inheritdoc />
    public override ConfigNode Clone() => this; // immutable
}
