using SaePlatform.Contracts.Architectures;
using SaePlatform.Contracts.Components;
using SaePlatform.Contracts.Data;
using SaePlatform.Contracts.Observers;
using SaePlatform.Contracts.Penalties;
using SaePlatform.Contracts.Visualization;
using SaePlatform.Host.Configuration.Sections;

namespace SaePlatform.Host.Plugins.Components;

/// <summary>What the host knows about one component kind.</summary>
/// <param name="Kind">The kind.</param>
/// <param name="Name">Canonical snake-case name, as in <c>plugin.json</c> and <c>sae plugins</c> output (<c>data_source</c>).</param>
/// <param name="DisplayName">Name in config error messages (<c>data source</c>, <c>sparsity penalty</c>).</param>
/// <param name="ConfigSection">The config section that names components of this kind.</param>
/// <param name="ContractType">The interface a component of this kind implements.</param>
internal sealed record ComponentKindInfo(ComponentKind Kind, string Name, string DisplayName, string ConfigSection, Type ContractType);

/// <summary>The one table of component kinds: their names in manifests, messages and config, and their contracts.</summary>
internal static class ComponentKindNames
{
    /// <summary>Every kind in display order.</summary>
    public static IReadOnlyList<ComponentKindInfo> Kinds { get; } =
    [
        new(ComponentKind.Architecture, "architecture", "architecture", ConfigSections.Architecture, typeof(ISaeArchitecture)),
        new(ComponentKind.Penalty, "penalty", "sparsity penalty", ConfigSections.Penalty, typeof(ISparsityPenalty)),
        new(ComponentKind.DataSource, "data_source", "data source", ConfigSections.Data, typeof(IDataSource)),
        new(ComponentKind.Visualizer, "visualizer", "visualizer", ConfigSections.Visualizers, typeof(IVisualizer)),
        new(ComponentKind.Observer, "observer", "observer", ConfigSections.Observers, typeof(ITrainingObserver)),
    ];

    /// <summary>Every kind in display order, with its canonical name.</summary>
    public static IReadOnlyList<(ComponentKind Kind, string Name)> All { get; } = [.. Kinds.Select(k => (k.Kind, k.Name))];

    /// <summary>The table row of <paramref name="kind"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a known kind.</exception>
    public static ComponentKindInfo Of(ComponentKind kind)
    {
        foreach (var info in Kinds)
            if (info.Kind == kind) return info;
        throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown component kind");
    }

    /// <summary>The canonical (snake case) name, e.g. <c>data_source</c>.</summary>
    public static string ToName(ComponentKind kind) => Of(kind).Name;

    /// <summary>"data source", "architecture", "sparsity penalty", "visualizer", "observer" (config messages).</summary>
    public static string DisplayName(ComponentKind kind) => Of(kind).DisplayName;

    /// <summary>
    /// Parses a kind, ignoring case, <c>_</c> and <c>-</c>, so <c>data_source</c>, <c>dataSource</c> and
    /// <c>DataSource</c> all work (authors copy the enum name as often as the snake case).
    /// </summary>
    public static bool TryParse(string text, out ComponentKind kind)
    {
        var squashed = text.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        foreach (var info in Kinds)
        {
            if (string.Equals(squashed, info.Kind.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                kind = info.Kind;
                return true;
            }
        }
        kind = default;
        return false;
    }

    /// <summary>"architecture, penalty, ..." for error messages.</summary>
    public static string Listing => string.Join(", ", Kinds.Select(a => a.Name));
}
