namespace SaePlatform.Contracts.Options;

/// <summary>
/// Overrides the config key of an options property. Without it the key is the property name in
/// snake case (<c>DeadFeatureWindow</c> -> <c>dead_feature_window</c>, <c>L1Coefficient</c> -> <c>l1_coefficient</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ConfigKeyAttribute(string key) : Attribute
{
    /// <summary>The key as written in configs.</summary>
    public string Key { get; } = key;
}
