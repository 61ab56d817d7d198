namespace SaePlatform.Contracts;

/// <summary>Version of the plugin contracts. A plugin declares the version it was built for in plugin.json.</summary>
/// <remarks>
/// The host loads a plugin whose <c>contractsVersion</c> is less than or equal to <see cref="Version"/> and
/// refuses a newer one. Any change to a public type in SaePlatform.Contracts or SaePlatform.Tensors that
/// can break a compiled plugin bumps this number.
/// </remarks>
public static class ContractsApi
{
    /// <summary>The contracts API version this assembly implements.</summary>
    public const int Version = 5;
}
