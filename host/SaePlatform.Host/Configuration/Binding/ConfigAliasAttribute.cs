namespace SaePlatform.Host.Configuration.Binding;

/// <summary>
/// Other accepted spellings of a host-owned option key, e.g. <c>l1_coefficient</c> for
/// <c>sparsity_coefficient</c>. Setting a key and its alias together is an error.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class ConfigAliasAttribute(params string[] aliases) : Attribute
{
    /// <summary>The alternative keys.</summary>
    public IReadOnlyList<string> Aliases { get; } = aliases;
}
