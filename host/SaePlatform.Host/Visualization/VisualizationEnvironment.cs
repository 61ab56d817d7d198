using SaePlatform.Host.Plugins;

namespace SaePlatform.Host.Visualization;

/// <summary>What a visualizer's construction needs besides its options, the same in-process and in a worker.</summary>
/// <param name="PluginRoots">Plugin folders the host loaded (a worker loads the same).</param>
/// <param name="ConfigDirectory">Folder of the run config (the current folder for <c>sae plot</c> without one).</param>
/// <param name="Seed">Run seed.</param>
internal sealed record VisualizationEnvironment(IReadOnlyList<PluginRoot> PluginRoots, string ConfigDirectory, int Seed);
