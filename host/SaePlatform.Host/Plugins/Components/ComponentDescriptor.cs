using SaePlatform.Contracts.Components;

namespace SaePlatform.Host.Plugins.Components;

/// <summary>A component found in a loaded plugin: what the config names and how to construct it.</summary>
/// <param name="Id">Config name, e.g. <c>topk</c>.</param>
/// <param name="Kind">Slot it fills.</param>
/// <param name="ImplementationType">The class carrying the component attribute.</param>
/// <param name="OptionsType">The options class its constructor takes, or null when it takes none.</param>
/// <param name="TakesContext">Whether the constructor's last parameter is a <see cref="ComponentContext"/>.</param>
/// <param name="PluginId">Id of the plugin that provides it.</param>
/// <param name="Description">One-line description, if any.</param>
internal sealed record ComponentDescriptor(
    string Id,
    ComponentKind Kind,
    Type ImplementationType,
    Type? OptionsType,
    bool TakesContext,
    string PluginId,
    string? Description)
{
    /// <summary>Creates an instance with bound options (a fresh default instance when null).</summary>
    public object Create(object? options, ComponentContext context)
    {
        var args = new List<object?>(2);
        if (OptionsType is not null) args.Add(options ?? Activator.CreateInstance(OptionsType));
        if (TakesContext) args.Add(context);
        return Activator.CreateInstance(ImplementationType, args.ToArray())!;
    }
}
