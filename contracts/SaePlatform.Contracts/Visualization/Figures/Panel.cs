namespace SaePlatform.Contracts.Visualization.Figures;

/// <summary>One plot area: axes, series drawn in order, annotations drawn on top, optional legend.</summary>
public sealed class Panel
{
    /// <summary>Title above the panel, or null.</summary>
    public string? Title { get; set; }

    /// <summary>Horizontal axis.</summary>
    public Axis X { get; } = new();

    /// <summary>Vertical axis.</summary>
    public Axis Y { get; } = new();

    /// <summary>Draw grid lines at the major ticks. Default true.</summary>
    public bool Grid { get; set; } = true;

    /// <summary>Where the legend goes (entries: every series and annotation with a label). Default: the corner covering the least data.</summary>
    public LegendPlacement Legend { get; set; } = LegendPlacement.Best;

    /// <summary>Data series, drawn in order.</summary>
    public List<Series> Series { get; } = [];

    /// <summary>Lines, text and markers drawn over the series.</summary>
    public List<Annotation> Annotations { get; } = [];

    /// <summary>Adds a series and returns this panel (for chaining).</summary>
    public Panel Add(Series series)
    {
        Series.Add(series);
        return this;
    }

    /// <summary>Adds an annotation and returns this panel (for chaining).</summary>
    public Panel Add(Annotation annotation)
    {
        Annotations.Add(annotation);
        return this;
    }
}

/// <summary>Legend position inside the panel.</summary>
public enum LegendPlacement
{
    /// <summary>The corner that overlaps the fewest data points.</summary>
    Best,
    /// <summary>Top right.</summary>
    UpperRight,
    /// <summary>Top left.</summary>
    UpperLeft,
    /// <summary>Bottom right.</summary>
    LowerRight,
    /// <summary>Bottom left.</summary>
    LowerLeft,
    /// <summary>No legend.</summary>
    None,
}
