using SaePlatform.Contracts.Components;
using SaePlatform.Host.Configuration.Tree;
using SaePlatform.Host.Plugins.Components;

namespace SaePlatform.Host.Plan;

/// <summary>A component chosen by the config, with its bound and validated options.</summary>
/// <param name="Kind">The slot.</param>
/// <param name="Descriptor">The registered component (<c>type</c>).</param>
/// <param name="Options">Instance of <see cref="ComponentDescriptor.OptionsType"/>, or null when it takes none.</param>
/// <param name="KeyPath">Where it sits in the config (<c>architecture</c>, <c>visualizers[1]</c>).</param>
/// <param name="Location">Where it was written.</param>
/// <remarks>Instances are built through <c>PluginCatalog.Create</c>, whose errors name the providing plugin.</remarks>
internal sealed record ComponentSlot(ComponentKind Kind, ComponentDescriptor Descriptor, object? Options, string KeyPath, SourceLocation Location)
{
    /// <summary>Where each option set in the config was written, by C# property name (for checks that run again once the data's width is known).</summary>
    public IReadOnlyDictionary<string, SourceLocation> OptionLocations { get; init; } = new Dictionary<string, SourceLocation>();
}
