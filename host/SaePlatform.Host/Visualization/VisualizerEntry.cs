using SaePlatform.Host.Plan;
using SaePlatform.Host.Plugins;
using SaePlatform.Host.Plugins.Components;


namespace SaePlatform.Host.Visualization;

/// <summary>One visualizer to run for every layer, with how it is guarded.</summary>
/// <param name="Key">Identity for failure counting: the config entry (<c>visualizers[1]</c>) or, for the default set, the id.</param>
/// <param name="Descriptor">The registered component.</param>
/// <param name="Options">Bound options, or null for defaults.</param>
/// <param name="Isolation">In-process or in a worker process (config entry first, else the plugin manifest).</param>
/// <param name="Timeout">Per-call time limit.</param>
internal sealed record VisualizerEntry(string Key, ComponentDescriptor Descriptor, object? Options, ComponentIsolation Isolation, TimeSpan Timeout)
{
    /// <summary>For messages: <c>visualizer 'loss_curves' (plugin saeplatform.trainingplots)</c>.</summary>
    public string Label => $"visualizer '{Descriptor.Id}' (plugin {Descriptor.PluginId})";
}
