namespace SaePlatform.Contracts.Visualization.Figures;

/// <summary>
/// Data drawn in a panel. <see cref="Label"/> (null = not in the legend) and <see cref="Color"/> (null = the
/// next palette colour of the panel) are common to all kinds. Non-finite values are gaps, not zeros.
/// </summary>
public abstract record Series
{
    /// <summary>Legend entry, or null.</summary>
    public string? Label { get; init; }

    /// <summary>Colour, or null for the panel's next palette colour.</summary>
    public Color? Color { get; init; }

    /// <summary>Opacity in [0, 1]. Default 1.</summary>
    public double Opacity { get; init; } = 1;
}

/// <summary>A polyline through (X[i], Y[i]); a NaN breaks the line.</summary>
/// <param name="X">X values (same length as Y).</param>
/// <param name="Y">Y values.</param>
public sealed record LineSeries(IReadOnlyList<double> X, IReadOnlyList<double> Y) : Series
{
    /// <summary>Line width in points. Default 1.5.</summary>
    public double Width { get; init; } = 1.5;

    /// <summary>Dash pattern. Default solid.</summary>
    public LineDash Dash { get; init; } = LineDash.Solid;
}

/// <summary>Unconnected markers at (X[i], Y[i]).</summary>
/// <param name="X">X values.</param>
/// <param name="Y">Y values.</param>
public sealed record ScatterSeries(IReadOnlyList<double> X, IReadOnlyList<double> Y) : Series
{
    /// <summary>Marker diameter in points. Default 4.</summary>
    public double MarkerSize { get; init; } = 4;
}

/// <summary>Histogram bars: bar i spans [Edges[i], Edges[i+1]] with height Counts[i].</summary>
/// <param name="Edges">Bin edges, increasing (Counts.Count + 1 values).</param>
/// <param name="Counts">Bar heights.</param>
public sealed record HistogramSeries(IReadOnlyList<double> Edges, IReadOnlyList<double> Counts) : Series;

/// <summary>A filled band between Lower[i] and Upper[i] along X (e.g. min/max or ± std).</summary>
/// <param name="X">X values.</param>
/// <param name="Lower">Lower edge.</param>
/// <param name="Upper">Upper edge.</param>
public sealed record BandSeries(IReadOnlyList<double> X, IReadOnlyList<double> Lower, IReadOnlyList<double> Upper) : Series;

/// <summary>Line dash patterns.</summary>
public enum LineDash
{
    /// <summary>Solid.</summary>
    Solid,
    /// <summary>Dashed.</summary>
    Dashed,
    /// <summary>Dotted.</summary>
    Dotted,
    /// <summary>Dash-dot.</summary>
    DashDot,
}
