using System.Reflection;
using SaePlatform.Contracts.Components;
using SaePlatform.Host.Plugins.Components;

namespace SaePlatform.Host.Plugins;

/// <summary>Everything plugin loading produced: one result per folder and the registry of usable components.</summary>
internal sealed class PluginCatalog
{
    private readonly Dictionary<string, PluginLoadResult> _loadedById = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates a catalog.</summary>
    public PluginCatalog(IReadOnlyList<PluginLoadResult> plugins, ComponentRegistry registry)
    {
        Plugins = plugins;
        Registry = registry;
        foreach (var plugin in plugins)
            if (plugin is { Status: PluginLoadStatus.Loaded, PluginId: { } id }) _loadedById.TryAdd(id, plugin);
    }

    /// <summary>One result per plugin folder (and per configured root that does not exist), in discovery order.</summary>
    public IReadOnlyList<PluginLoadResult> Plugins { get; }

    /// <summary>Components of every loaded plugin.</summary>
    public ComponentRegistry Registry { get; }

    /// <summary>Results that are not <see cref="PluginLoadStatus.Loaded"/>.</summary>
    public IEnumerable<PluginLoadResult> NotLoaded => Plugins.Where(p => p.Status != PluginLoadStatus.Loaded);

    /// <summary>The loaded plugin that provides <paramref name="component"/>.</summary>
    public PluginLoadResult? PluginOf(ComponentDescriptor component) => _loadedById.GetValueOrDefault(component.PluginId);

    /// <summary>
    /// A plugin that declares <paramref name="kind"/> <paramref name="id"/> in its plugin.json but did not load,
    /// so a config error can say "provided by plugin X, which failed: reason" instead of "unknown component".
    /// </summary>
    public PluginLoadResult? WhyUnavailable(ComponentKind kind, string id) =>
        NotLoaded.FirstOrDefault(p => p.Manifest?.Components.Any(c =>
            c.Kind == kind && string.Equals(c.Id, id, StringComparison.OrdinalIgnoreCase)) == true);

    /// <summary>Creates <paramref name="component"/> with bound options (defaults when null).</summary>
    /// <exception cref="ComponentCreationException">The constructor threw; the message names the component, plugin, folder and error.</exception>
    public object Create(ComponentDescriptor component, object? options, ComponentContext context)
    {
        try
        {
            return component.Create(options, context);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            var where = PluginOf(component) is { } plugin ? plugin.Label : $"plugin '{component.PluginId}'";
            throw new ComponentCreationException(
                $"{ComponentKindNames.ToName(component.Kind)} '{component.Id}' from {where} threw in its constructor: " +
                PluginErrorText.Describe(e), e.InnerException);
        }
    }
}
