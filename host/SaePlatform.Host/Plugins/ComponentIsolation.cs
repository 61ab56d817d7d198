namespace SaePlatform.Host.Plugins;

/// <summary>
/// Where a guarded component (visualizer) runs: <c>isolation</c> in a config entry, or in a plugin's
/// <c>plugin.json</c> (null where neither says).
/// </summary>
internal enum ComponentIsolation
{
    /// <summary>In the host process, behind an exception and timeout guard (<c>inprocess</c>).</summary>
    InProcess,
    /// <summary>In a child worker process, so even a hard crash leaves the run alive (<c>process</c>).</summary>
    Process,
}

/// <summary>The default where neither the config nor the manifest chooses an isolation.</summary>
internal static class IsolationDefaults
{
    /// <summary>
    /// <paramref name="chosen"/>, else in process for the host's own plugins and in a worker process for every other
    /// plugin (or an unknown one), so that a third-party visualizer that crashes the process never costs the run.
    /// </summary>
    public static ComponentIsolation Resolve(ComponentIsolation? chosen, string? pluginFolder) =>
        chosen ?? (pluginFolder is not null && PluginRoots.IsHostPlugin(pluginFolder) ? ComponentIsolation.InProcess : ComponentIsolation.Process);
}
