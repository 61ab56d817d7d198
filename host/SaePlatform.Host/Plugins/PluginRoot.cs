namespace SaePlatform.Host.Plugins;

/// <summary>A folder searched for plugins, and where it was named (for messages).</summary>
/// <param name="Path">Full path of the folder.</param>
/// <param name="Source">Where it came from: <see cref="HostSource"/>, <see cref="ConfigSource"/> or <see cref="EnvironmentSource"/>.</param>
internal sealed record PluginRoot(string Path, string Source)
{
    /// <summary>Source of the host's own <c>plugins/</c> folder.</summary>
    public const string HostSource = "host plugins folder";
    /// <summary>Source of a folder listed in the config's <c>plugins.paths</c>.</summary>
    public const string ConfigSource = "plugins.paths";
    /// <summary>Source of a folder listed in <see cref="PluginRoots.EnvironmentVariable"/>.</summary>
    public const string EnvironmentSource = PluginRoots.EnvironmentVariable;

    /// <summary>Whether a missing folder is worth reporting (the host's own folder may legitimately be absent).</summary>
    public bool IsExplicit => Source != HostSource;
}
