using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SaePlatform.Plugins.TopK;

/// <summary>Options of the <c>batchtopk</c> architecture (and the base of <c>matryoshka</c>'s).</summary>
public class BatchTopKOptions : TopKFamilyOptions
{
    /// <summary>Rate of the inference threshold EMA theta &lt;- (1 - r) theta + r * min kept activation. Default 0.01.</summary>
    [Range(0.0, 1.0)]
    [Description("Threshold EMA rate r: theta <- (1 - r) theta + r * (smallest kept activation) each step (SAELens topk_threshold_lr).")]
    public double ThresholdLr { get; set; } = 0.01;
}
