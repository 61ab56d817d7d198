using System.Reflection;
using SaePlatform.Contracts.Options;

namespace SaePlatform.Host.Configuration.Binding;

/// <summary>One config key of an options class.</summary>
/// <param name="Property">The property it sets.</param>
/// <param name="Key">The key (snake case of the name, or <see cref="ConfigKeyAttribute"/>).</param>
/// <param name="Aliases">Other accepted keys.</param>
/// <param name="PathOption">Set when the value is a path to resolve and check.</param>
/// <param name="AllowsNull">Whether null is a valid value (nullable value type, or reference type not declared non-null).</param>
/// <param name="Description">Its <c>[Description]</c>, if any.</param>
internal sealed record OptionsProperty(
    PropertyInfo Property,
    string Key,
    IReadOnlyList<string> Aliases,
    PathOptionAttribute? PathOption,
    bool AllowsNull,
    string? Description);
