using SaePlatform.Host.Plugins.Components;


namespace SaePlatform.Host.Plugins;

/// <summary>Outcome of loading one plugin folder.</summary>
internal enum PluginLoadStatus
{
    /// <summary>Loaded; its components are registered (except duplicates, listed in the warnings).</summary>
    Loaded,
    /// <summary>Not loaded because something about the plugin itself is wrong; <see cref="PluginLoadResult.Reason"/> says what.</summary>
    Failed,
    /// <summary>Not loaded because another folder already provided a plugin with the same id.</summary>
    Skipped,
}

/// <summary>What happened to one plugin folder.</summary>
/// <param name="Folder">Full path of the plugin folder (or of a configured root that does not exist).</param>
/// <param name="PluginId">Id from plugin.json, or null when the manifest could not be read.</param>
/// <param name="Status">Loaded, failed or skipped.</param>
/// <param name="Reason">Why it failed or was skipped; null when loaded.</param>
/// <param name="Manifest">The manifest, when it could be read.</param>
/// <param name="Components">The components registered from it (empty unless loaded).</param>
/// <param name="Warnings">Things worth telling the user that did not stop the plugin loading.</param>
internal sealed record PluginLoadResult(
    string Folder,
    string? PluginId,
    PluginLoadStatus Status,
    string? Reason,
    PluginManifest? Manifest,
    IReadOnlyList<ComponentDescriptor> Components,
    IReadOnlyList<string> Warnings)
{
    /// <summary>"plugin 'id' (folder)" or "plugin folder (folder)", for messages.</summary>
    public string Label => PluginId is null ? $"plugin folder {Folder}" : $"plugin '{PluginId}' ({Folder})";

    /// <summary>One line for logs and errors: the label, then the reason when there is one.</summary>
    public string Message => Reason is null ? $"{Label}: loaded" : $"{Label}: {Reason}";

    /// <summary>A result for a plugin that did not load.</summary>
    public static PluginLoadResult NotLoaded(string folder, PluginLoadStatus status, string reason, PluginManifest? manifest = null) =>
        new(folder, manifest?.Id, status, reason, manifest, [], []);
}
