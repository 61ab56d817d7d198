using SaePlatform.Contracts.Visualization.Figures;

namespace SaePlatform.Plugins.TrainingPlots;

/// <summary>One colour per metric across all figures, so a reader learns them once.</summary>
internal static class Palette
{
    public static Color For(TrackedMetric metric) => metric.Key switch
    {
        "total_loss" => Color.FromPalette(0),
        "reconstruction_loss" => Color.FromPalette(1),
        "sparsity_loss" => Color.FromPalette(2),
        _ => Color.FromPalette(4),
    };

    public static readonly Color Target = Color.FromHex(0xd62728);
    public static readonly Color Mean = Color.FromHex(0x333333);
}
