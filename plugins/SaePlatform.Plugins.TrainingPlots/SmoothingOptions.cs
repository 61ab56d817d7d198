using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SaePlatform.Plugins.TrainingPlots;

/// <summary>Options of the visualizers that draw smoothed curves.</summary>
public class SmoothingOptions
{
    /// <summary>TensorBoard EMA weight in [0, 1): 0 = raw, 0.9 = default, 0.99 = very smooth.</summary>
    [Range(0.0, 0.999)]
    [Description("TensorBoard-style EMA smoothing weight in [0, 1); 0 draws the raw curve only.")]
    public double SmoothingWeight { get; set; } = 0.9;
}

/// <summary>Options of <c>training_history</c>.</summary>
public sealed class TrainingHistoryOptions : SmoothingOptions;

/// <summary>Options of <c>loss_curves</c>.</summary>
public sealed class LossCurvesOptions : SmoothingOptions
{
    /// <summary>Fit the y range of per-loss figures to the 5th-95th percentile so early spikes do not flatten the curve.</summary>
    [Description("Fit y ranges to the 5th-95th percentile of the data (early spikes are clipped).")]
    public bool IgnoreOutliers { get; set; }
}

/// <summary>Options of <c>loss_rate</c>.</summary>
public sealed class LossRateOptions : SmoothingOptions;

/// <summary>Options of <c>layer_comparison</c>.</summary>
public sealed class LayerComparisonOptions : SmoothingOptions;
