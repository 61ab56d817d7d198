namespace SaePlatform.Contracts.Visualization.Figures;

/// <summary>An axis: label, scale and optional limits (null = fitted to the data).</summary>
public sealed class Axis
{
    /// <summary>Axis label, or null.</summary>
    public string? Label { get; set; }

    /// <summary>Linear or log10. On a log axis, values &lt;= 0 are not drawn.</summary>
    public AxisScale Scale { get; set; } = AxisScale.Linear;

    /// <summary>Lower limit, or null to fit the data.</summary>
    public double? Min { get; set; }

    /// <summary>Upper limit, or null to fit the data.</summary>
    public double? Max { get; set; }

    /// <summary>
    /// Fit the range to the 5th-95th percentile of the data instead of its extremes, so a few early spikes do
    /// not flatten the rest of the curve (points outside are clipped). Ignored where <see cref="Min"/> or
    /// <see cref="Max"/> is set. Default false.
    /// </summary>
    public bool IgnoreOutliers { get; set; }
}

/// <summary>How values map to positions along an axis.</summary>
public enum AxisScale
{
    /// <summary>Linear.</summary>
    Linear,
    /// <summary>Base-10 logarithmic.</summary>
    Log10,
}
