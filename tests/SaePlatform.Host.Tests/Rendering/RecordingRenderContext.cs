using SaePlatform.Contracts.Visualization.Figures;
using SaePlatform.Host.Rendering;

namespace SaePlatform.Host.Tests.Rendering;

/// <summary>Records every drawing call; text is measured as 0.6 em per character and 1.2 em high.</summary>
internal sealed class RecordingRenderContext : IRenderContext
{
    public sealed record TextCall(string Text, PointD Anchor, TextStyle Style, TextAlign Align, TextBaseline Baseline, double Rotation);
    public sealed record PolylineCall(PointD[] Points, Stroke Stroke);
    public sealed record RectangleCall(RectD Rect, Color? Fill, Stroke? Stroke);

    public List<TextCall> Texts { get; } = [];
    public List<PolylineCall> Polylines { get; } = [];
    public List<RectangleCall> Rectangles { get; } = [];
    public List<(PointD[] Points, Color Color, double Opacity)> Polygons { get; } = [];
    public List<(PointD Center, Color Color)> Markers { get; } = [];
    public List<RectD> Clips { get; } = [];
    public int OpenClips { get; private set; }

    public TextExtent MeasureText(string text, TextStyle style) => new(0.6 * style.Size * text.Length, 1.2 * style.Size);

    public void Polyline(ReadOnlySpan<PointD> points, Stroke stroke) => Polylines.Add(new(points.ToArray(), stroke));

    public void FillPolygon(ReadOnlySpan<PointD> points, Color color, double opacity) => Polygons.Add((points.ToArray(), color, opacity));

    public void Rectangle(RectD rect, Color? fill, Stroke? stroke) => Rectangles.Add(new(rect, fill, stroke));

    public void Marker(PointD center, double diameter, Color color, double opacity) => Markers.Add((center, color));

    public void Text(string text, PointD anchor, TextStyle style, TextAlign align, TextBaseline baseline, double rotationDegrees = 0) =>
        Texts.Add(new(text, anchor, style, align, baseline, rotationDegrees));

    public void PushClip(RectD rect)
    {
        Clips.Add(rect);
        OpenClips++;
    }

    public void PopClip() => OpenClips--;

    /// <summary>Legend/text boxes: rectangles with a translucent white fill and a border.</summary>
    public List<RectD> Boxes() => [.. Rectangles.Where(r => r.Fill is { A: < 255 } && r.Stroke is not null).Select(r => r.Rect)];
}
