using SaePlatform.Contracts.Components;

namespace SaePlatform.Host.Plugins.Components;

/// <summary>How component kinds are spelled in <c>plugin.json</c> and in <c>sae plugins</c> output.</summary>
internal static class ComponentKindNames
{
    /// <summary>Every kind in display order, with its canonical name.</summary>
    public static IReadOnlyList<(ComponentKind Kind, string Name)> All { get; } =
    [
        (ComponentKind.Architecture, "architecture"),
        (ComponentKind.Penalty, "penalty"),
        (ComponentKind.DataSource, "data_source"),
        (ComponentKind.Visualizer, "visualizer"),
        (ComponentKind.Observer, "observer"),
    ];

    /// <summary>The canonical (snake case) name, e.g. <c>data_source</c>.</summary>
    public static string ToName(ComponentKind kind)
    {
        foreach (var (k, name) in All)
            if (k == kind) return name;
        throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown component kind");
    }

    /// <summary>
    /// Parses a kind, ignoring case, <c>_</c> and <c>-</c>, so <c>data_source</c>, <c>dataSource</c> and
    /// <c>DataSource</c> all work (authors copy the enum name as often as the snake case).
    /// </summary>
    public static bool TryParse(string text, out ComponentKind kind)
    {
        var squashed = text.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        foreach (var (k, _) in All)
        {
            if (string.Equals(squashed, k.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                kind = k;
                return true;
            }
        }
        kind = default;
        return false;
    }

    /// <summary>"architecture, penalty, ..." for error messages.</summary>
    public static string Listing => string.Join(", ", All.Select(a => a.Name));
}
