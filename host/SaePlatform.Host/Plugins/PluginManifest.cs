using SaePlatform.Contracts.Components;

namespace SaePlatform.Host.Plugins;

/// <summary>The contents of a plugin folder's <c>plugin.json</c>.</summary>
/// <param name="Id">Plugin id, unique among loaded plugins, e.g. <c>sae-core</c>.</param>
/// <param name="Version">Plugin version as written by its author (free text, shown by <c>sae plugins</c>).</param>
/// <param name="ContractsVersion">The <see cref="SaePlatform.Contracts.ContractsApi.Version"/> it was built against.</param>
/// <param name="EntryAssembly">File name of the assembly holding the components, inside the plugin folder.</param>
/// <param name="Components">The components the plugin says it provides.</param>
/// <param name="Isolation">Where its visualizers run; null when not given (see <see cref="IsolationDefaults"/>).</param>
/// <param name="Description">One line for <c>sae plugins</c>, if any.</param>
internal sealed record PluginManifest(
    string Id,
    string Version,
    int ContractsVersion,
    string EntryAssembly,
    IReadOnlyList<ManifestComponent> Components,
    ComponentIsolation? Isolation,
    string? Description)
{
    /// <summary>The file name every plugin folder carries.</summary>
    public const string FileName = "plugin.json";
}

/// <summary>A component as declared in <c>plugin.json</c>.</summary>
/// <param name="Kind">Slot it fills.</param>
/// <param name="Id">The id its component attribute carries.</param>
internal readonly record struct ManifestComponent(ComponentKind Kind, string Id);
