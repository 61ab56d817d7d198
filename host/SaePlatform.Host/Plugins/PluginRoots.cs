namespace SaePlatform.Host.Plugins;

/// <summary>Builds the ordered list of folders searched for plugins.</summary>
/// <remarks>
/// Order matters: when two folders hold a plugin with the same id, or components with the same id, the
/// first one found wins. The host's own plugins come first so a stray copy cannot shadow a built-in.
/// </remarks>
internal static class PluginRoots
{
    /// <summary>Environment variable listing extra plugin folders, separated by <see cref="Path.PathSeparator"/>.</summary>
    public const string EnvironmentVariable = "SAE_PLUGIN_PATH";

    /// <summary>The roots for this process: <c>&lt;host&gt;/plugins</c>, then <paramref name="configuredPaths"/>, then <c>SAE_PLUGIN_PATH</c>.</summary>
    /// <param name="configuredPaths">Folders from the config's <c>plugins.paths</c>, already resolved against the config folder.</param>
    public static IReadOnlyList<PluginRoot> ForHost(IEnumerable<string>? configuredPaths = null) =>
        Build(AppContext.BaseDirectory, configuredPaths, Environment.GetEnvironmentVariable(EnvironmentVariable));

    /// <summary>The roots for a given host folder, configured folders and <c>SAE_PLUGIN_PATH</c> value.</summary>
    /// <remarks>Relative paths resolve against the current directory; empty entries are ignored; duplicates keep their first place.</remarks>
    public static IReadOnlyList<PluginRoot> Build(string? hostDirectory, IEnumerable<string>? configuredPaths, string? environmentValue)
    {
        var roots = new List<PluginRoot>();
        var seen = new HashSet<string>(PathComparer);

        void Add(string path, string source)
        {
            if (string.IsNullOrWhiteSpace(path)) return;
            var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path.Trim()));
            if (seen.Add(full)) roots.Add(new PluginRoot(full, source));
        }

        if (hostDirectory is not null) Add(Path.Combine(hostDirectory, "plugins"), PluginRoot.HostSource);
        foreach (var path in configuredPaths ?? []) Add(path, PluginRoot.ConfigSource);
        foreach (var path in (environmentValue ?? "").Split(Path.PathSeparator)) Add(path, PluginRoot.EnvironmentSource);
        return roots;
    }

    /// <summary>Whether <paramref name="pluginFolder"/> is one of the host's own plugins (a folder directly in <c>&lt;host&gt;/plugins</c>).</summary>
    public static bool IsHostPlugin(string pluginFolder) =>
        PathComparer.Equals(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(pluginFolder))),
            Path.TrimEndingDirectorySeparator(Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "plugins"))));

    /// <summary>File-system path comparison for this OS.</summary>
    public static StringComparer PathComparer { get; } =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
}
