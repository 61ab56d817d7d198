using System.Reflection;
using SaePlatform.Contracts.Architectures;

namespace SaePlatform.Host.Plugins.Components;

/// <summary>The dead-feature remedies an architecture class declares (<see cref="DeadFeatureRemediesAttribute"/>), and whether it can have them.</summary>
internal static class RemedyDeclaration
{
    /// <summary>The remedies <paramref name="architectureType"/> declares (none without the attribute).</summary>
    public static DeadFeatureRemedy Declared(Type architectureType) => Attribute(architectureType)?.Remedies ?? DeadFeatureRemedy.None;

    /// <summary>Why the declared remedies leave some out, or null.</summary>
    public static string? Reason(Type architectureType) => Attribute(architectureType)?.Reason is { Length: > 0 } reason ? reason : null;

    /// <summary>
    /// Why <paramref name="architectureType"/> cannot have the remedies it declares (it does not implement
    /// <see cref="IDeadFeatureRemedies"/>), or null when it can (or declares none).
    /// </summary>
    public static string? MissingHooks(Type architectureType) =>
        Declared(architectureType) != DeadFeatureRemedy.None && !typeof(IDeadFeatureRemedies).IsAssignableFrom(architectureType)
            ? $"declares dead-feature remedies ({Declared(architectureType)}) but does not implement IDeadFeatureRemedies (derive from SaeArchitecture<TOptions>, which does)"
            : null;

    private static DeadFeatureRemediesAttribute? Attribute(Type type) => type.GetCustomAttribute<DeadFeatureRemediesAttribute>(inherit: false);
}
