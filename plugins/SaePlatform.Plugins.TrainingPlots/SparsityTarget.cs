using System.Globalization;
using SaePlatform.Contracts.Visualization;

namespace SaePlatform.Plugins.TrainingPlots;

/// <summary>
/// The L0 a run aims at, drawn as a target line: an explicit <c>target_l0</c>; else k for an architecture whose
/// sparsity is structural (topk, batchtopk, matryoshka); else <c>target_fraction</c> (default 5 %) of d_sae for
/// penalty-based ones. The label gives it as L0 and as a fraction of d_sae.
/// </summary>
/// <param name="L0">Target L0 (active features per row).</param>
/// <param name="Label">Legend text.</param>
internal sealed record SparsityTarget(double L0, string Label)
{
    /// <summary>Default target fraction of d_sae for penalty-based architectures (the brief's notebook draws 5 %).</summary>
    public const double DefaultFraction = 0.05;

    /// <summary>The target, or null when there is none (no explicit target and d_sae unknown, or the fraction unset).</summary>
    public static SparsityTarget? For(VisualizationContext context, double? targetL0, double? targetFraction)
    {
        int? dSae = context.FeatureCount is > 0 ? context.FeatureCount : null;
        if (targetL0 is double l0) return new SparsityTarget(l0, $"target L0 {PlotData.Number(l0)}{FractionText(l0, dSae)}");
        if (context.StructuralK is int k) return new SparsityTarget(k, $"k = {k}{FractionText(k, dSae)}");
        if (targetFraction is double f && dSae is int d)
            return new SparsityTarget(f * d, $"target {Percent(f)} of d_sae = L0 {PlotData.Number(f * d)}");
        return null;
    }

    /// <summary>" (3.1 % of d_sae)", or "" when d_sae is unknown.</summary>
    public static string FractionText(double l0, int? dSae) => dSae is int d ? $" ({Percent(l0 / d)} of d_sae)" : "";

    /// <summary>A fraction as a percentage with up to 2 decimals.</summary>
    public static string Percent(double fraction) => (100 * fraction).ToString("0.##", CultureInfo.InvariantCulture) + " %";
}
