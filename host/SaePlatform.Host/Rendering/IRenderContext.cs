using SaePlatform.Contracts.Visualization.Figures;

namespace SaePlatform.Host.Rendering;

/// <summary>
/// The drawing primitives the layout pass uses; cairo and the pure SVG writer implement it, tests record it.
/// Units are points (1/72 inch), origin top-left, y down.
/// </summary>
internal interface IRenderContext
{
    /// <summary>Logical size of one line of text in this context's font.</summary>
    TextExtent MeasureText(string text, TextStyle style);

    void Polyline(ReadOnlySpan<PointD> points, Stroke stroke);

    void FillPolygon(ReadOnlySpan<PointD> points, Color color, double opacity);

    void Rectangle(RectD rect, Color? fill, Stroke? stroke);

    /// <summary>A filled circle of <paramref name="diameter"/> points centred at <paramref name="center"/>.</summary>
    void Marker(PointD center, double diameter, Color color, double opacity);

    /// <summary>
    /// One line of text; the alignment says which point of its logical box sits at <paramref name="anchor"/>,
    /// then the text is rotated by <paramref name="rotationDegrees"/> (counter-clockwise) around the anchor.
    /// </summary>
    void Text(string text, PointD anchor, TextStyle style, TextAlign align, TextBaseline baseline, double rotationDegrees = 0);

    void PushClip(RectD rect);

    void PopClip();
}

internal readonly record struct PointD(double X, double Y);

internal readonly record struct RectD(double X, double Y, double Width, double Height)
{
    public double Right => X + Width;
    public double Bottom => Y + Height;
    public bool Contains(PointD p) => p.X >= X && p.X <= Right && p.Y >= Y && p.Y <= Bottom;
    public bool Intersects(RectD o) => X < o.Right && o.X < Right && Y < o.Bottom && o.Y < Bottom;
}

internal readonly record struct TextExtent(double Width, double Height);

internal readonly record struct TextStyle(double Size, Color Color, bool Bold = false);

internal readonly record struct Stroke(Color Color, double Width, LineDash Dash = LineDash.Solid, double Opacity = 1);

internal enum TextAlign { Left, Center, Right }

internal enum TextBaseline { Top, Middle, Bottom }
