using SaePlatform.Contracts.Visualization.Figures;

namespace SaePlatform.Plugins.TrainingPlots;

/// <summary>One colour per metric across all figures, so a reader learns them once.</summary>
internal static class Palette
{
    // Palette indices left for loss terms beyond the fixed ones (3, red, is the target colour).
    private static readonly int[] ExtraIndices = [5, 6, 8, 9, 7];

    /// <summary>The metric's colour; a loss term beyond the fixed ones gets the next free colour by its place in <paramref name="terms"/>.</summary>
    public static Color For(TrackedMetric metric, IReadOnlyList<TrackedMetric>? terms = null) => metric.Key switch
    {
        "total_loss" => Color.FromPalette(0),
        "reconstruction_loss" => Color.FromPalette(1),
        "sparsity_loss" => Color.FromPalette(2),
        "l0_norm" => Color.FromPalette(4),
        "explained_variance" => Color.FromPalette(9),
        _ => Color.FromPalette(ExtraIndices[Math.Max(0, terms?.Where(t => t.IsExtra).ToList().IndexOf(metric) ?? 0) % ExtraIndices.Length]),
    };

    public static readonly Color Target = Color.FromHex(0xd62728);
    public static readonly Color Mean = Color.FromHex(0x333333);
}
