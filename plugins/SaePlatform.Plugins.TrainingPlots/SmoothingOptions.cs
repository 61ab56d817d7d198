using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SaePlatform.Plugins.TrainingPlots;

/// <summary>How the bold curve over the raw one is smoothed.</summary>
public enum SmoothingMethod
{
    /// <summary>TensorBoard's debiased exponential moving average, its weight defined per training step.</summary>
    Ema,
    /// <summary>Centred rolling mean over a window of steps (no lag; the notebook's choice).</summary>
    Rolling,
    /// <summary>No smoothed curve; the raw curve is drawn bold.</summary>
    None,
}

/// <summary>Options of the visualizers that draw smoothed curves (the raw curve is always drawn under the smoothed one).</summary>
public class SmoothingOptions
{
    /// <summary>ema (default), rolling or none.</summary>
    [Description("Smoothing of the bold curve: ema (TensorBoard's debiased EMA, weight per step), rolling (centred rolling mean, no lag) or none.")]
    public SmoothingMethod Smoothing { get; set; } = SmoothingMethod.Ema;

    /// <summary>
    /// EMA weight per training step in [0, 1): a point d steps after the previous one decays the average by w^d, so the
    /// same weight smooths the same at log_every 1 or 100. Unset: a time constant of 1 % of the run's steps
    /// (w = exp(-1 / (0.01 * steps))), which keeps the smoothed minimum of the quickstart within 5 % of the run of the raw one.
    /// </summary>
    [Range(0.0, 0.999999)]
    [Description("EMA weight per training step in [0, 1) (a point d steps later decays the average by w^d; time constant -1/ln(w) steps); "
        + "unset = a time constant of 1% of the run's steps. 0 = raw.")]
    public double? SmoothingWeight { get; set; }

    /// <summary>Width in steps of the centred rolling mean; unset = 2 % of the run's steps (at least 3 logged points).</summary>
    [Range(1, int.MaxValue)]
    [Description("Width in steps of the centred rolling mean (smoothing: rolling); unset = 2% of the run's steps.")]
    public int? RollingWindow { get; set; }
}

/// <summary>Options of <c>training_history</c>.</summary>
public sealed class TrainingHistoryOptions : SmoothingOptions;

/// <summary>Options of <c>loss_curves</c>.</summary>
public sealed class LossCurvesOptions : SmoothingOptions
{
    /// <summary>Fit the y range of per-loss figures to the 5th-95th percentile so early spikes do not flatten the curve.</summary>
    [Description("Fit y ranges to the 5th-95th percentile of the data (early spikes are clipped and marked at the edge).")]
    public bool IgnoreOutliers { get; set; }
}

/// <summary>Options of <c>loss_rate</c>.</summary>
public sealed class LossRateOptions : SmoothingOptions;

/// <summary>Options of <c>layer_comparison</c>.</summary>
public sealed class LayerComparisonOptions : SmoothingOptions;
