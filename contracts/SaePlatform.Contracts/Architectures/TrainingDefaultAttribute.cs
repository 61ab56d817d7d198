namespace SaePlatform.Contracts.Architectures;

/// <summary>
/// A default this architecture gives one <c>training</c> key when the config does not set it (the config, its
/// <c>extends</c> files and <c>--set</c> always win). Use it where the platform-wide default does not suit the
/// architecture's loss, e.g. the sparsity coefficient of an L0 penalty against that of an L1 penalty.
/// </summary>
/// <remarks>
/// The value is read exactly as if it had been written in the config (the same parsing, ranges and checks), and
/// the resolved config records it. <c>sae config describe architecture ID</c> lists these defaults with their reasons.
/// </remarks>
/// <param name="key">The <c>training</c> key, as written in configs (e.g. <c>sparsity_coefficient</c>).</param>
/// <param name="value">The value as YAML text (e.g. <c>0.3</c>, <c>expected_average_only_in</c>).</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class TrainingDefaultAttribute(string key, string value) : Attribute
{
    /// <summary>The <c>training</c> key.</summary>
    public string Key { get; } = key;

    /// <summary>The value as YAML text.</summary>
    public string Value { get; } = value;

    /// <summary>Why this value (the measurement or source behind it); shown by <c>sae config describe</c>.</summary>
    public string? Reason { get; set; }
}
