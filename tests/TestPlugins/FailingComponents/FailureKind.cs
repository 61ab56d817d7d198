using SaePlatform.Contracts.Components;

namespace FailingComponents;

/// <summary>What a failing component throws.</summary>
public enum FailureKind
{
    /// <summary>Nothing.</summary>
    None,
    /// <summary>A plain <see cref="ArgumentException"/>, as a kernel bug would.</summary>
    Argument,
    /// <summary>A <see cref="ComponentConfigurationException"/>: the component rejects its configuration.</summary>
    Configuration,
}

internal static class Failure
{
    public static Exception Create(FailureKind kind, string where) => kind switch
    {
        FailureKind.Configuration => new ComponentConfigurationException($"{where}: rejected its configuration"),
        _ => new ArgumentException($"{where}: a bug, not the configuration"),
    };
}
