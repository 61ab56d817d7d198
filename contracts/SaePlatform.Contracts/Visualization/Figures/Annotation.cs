namespace SaePlatform.Contracts.Visualization.Figures;

/// <summary>Something drawn over a panel's series. With a <see cref="Label"/> it also gets a legend entry.</summary>
public abstract record Annotation
{
    /// <summary>Legend entry, or null.</summary>
    public string? Label { get; init; }

    /// <summary>Colour, or null for the renderer's default (dark grey).</summary>
    public Color? Color { get; init; }
}

/// <summary>A horizontal line across the panel at data value <paramref name="Y"/> (e.g. a target).</summary>
/// <param name="Y">Y value in data units.</param>
public sealed record HorizontalLine(double Y) : Annotation
{
    /// <summary>Dash pattern. Default dashed.</summary>
    public LineDash Dash { get; init; } = LineDash.Dashed;
}

/// <summary>A vertical line across the panel at data value <paramref name="X"/> (e.g. a mean).</summary>
/// <param name="X">X value in data units.</param>
public sealed record VerticalLine(double X) : Annotation
{
    /// <summary>Dash pattern. Default dashed.</summary>
    public LineDash Dash { get; init; } = LineDash.Dashed;
}

/// <summary>A marker at a data point, with optional text beside it (e.g. the final value).</summary>
/// <param name="X">X value in data units.</param>
/// <param name="Y">Y value in data units.</param>
/// <param name="Text">Text drawn next to the marker, or null.</param>
public sealed record PointMarker(double X, double Y, string? Text) : Annotation;

/// <summary>A boxed block of text lines in a corner of the panel (e.g. a statistics box). A tab in a line splits it into a name and a right-aligned value column.</summary>
/// <param name="Lines">The lines of text.</param>
/// <param name="Corner">Where the box goes.</param>
public sealed record TextBox(IReadOnlyList<string> Lines, LegendPlacement Corner = LegendPlacement.UpperLeft) : Annotation;
