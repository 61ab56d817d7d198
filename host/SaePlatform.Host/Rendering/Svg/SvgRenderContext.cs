using System.Globalization;
using System.Text;
using SaePlatform.Contracts.Visualization.Figures;

namespace SaePlatform.Host.Rendering.Svg;

/// <summary>
/// A pure C# <see cref="IRenderContext"/> writing SVG 1.1 text: invariant culture, two decimals, clip paths
/// numbered in drawing order, so the same figure always gives the same bytes. Used when cairo cannot be loaded.
/// </summary>
internal sealed class SvgRenderContext : IRenderContext
{
    private const string FontFamily = "DejaVu Sans, Noto Sans, NanumGothic, sans-serif";
    private readonly StringBuilder _body = new();
    private readonly StringBuilder _defs = new();
    private int _clips;
    private int _openGroups;

    public TextExtent MeasureText(string text, TextStyle style) =>
        new(FontMetrics.Width(text, style.Size, style.Bold), FontMetrics.LineHeight * style.Size);

    public void Polyline(ReadOnlySpan<PointD> points, Stroke stroke)
    {
        if (points.Length < 2) return;
        _body.Append("<polyline points=\"");
        AppendPoints(points);
        _body.Append("\" fill=\"none\"");
        AppendStroke(stroke);
        _body.Append("/>\n");
    }

    public void FillPolygon(ReadOnlySpan<PointD> points, Color color, double opacity)
    {
        if (points.Length < 3) return;
        _body.Append("<polygon points=\"");
        AppendPoints(points);
        _body.Append('"');
        AppendFill(color, opacity);
        _body.Append("/>\n");
    }

    public void Rectangle(RectD rect, Color? fill, Stroke? stroke)
    {
        _body.Append("<rect x=\"").Append(N(rect.X)).Append("\" y=\"").Append(N(rect.Y))
            .Append("\" width=\"").Append(N(rect.Width)).Append("\" height=\"").Append(N(rect.Height)).Append('"');
        if (fill is Color f) AppendFill(f, 1); else _body.Append(" fill=\"none\"");
        if (stroke is Stroke s) AppendStroke(s);
        _body.Append("/>\n");
    }

    public void Marker(PointD center, double diameter, Color color, double opacity)
    {
        _body.Append("<circle cx=\"").Append(N(center.X)).Append("\" cy=\"").Append(N(center.Y))
            .Append("\" r=\"").Append(N(diameter / 2)).Append('"');
        AppendFill(color, opacity);
        _body.Append("/>\n");
    }

    public void Text(string text, PointD anchor, TextStyle style, TextAlign align, TextBaseline baseline, double rotationDegrees = 0)
    {
        double height = FontMetrics.LineHeight * style.Size;
        double top = baseline switch { TextBaseline.Middle => -height / 2, TextBaseline.Bottom => -height, _ => 0 };
        // Positions relative to the anchor, then rotated about it: the same geometry as the cairo context.
        double y = anchor.Y + top + FontMetrics.Ascent * style.Size + (height - FontMetrics.LineHeight * style.Size) / 2;
        _body.Append("<text x=\"").Append(N(anchor.X)).Append("\" y=\"").Append(N(y)).Append('"');
        _body.Append(" font-size=\"").Append(N(style.Size)).Append('"');
        if (style.Bold) _body.Append(" font-weight=\"bold\"");
        if (align != TextAlign.Left) _body.Append(" text-anchor=\"").Append(align == TextAlign.Center ? "middle" : "end").Append('"');
        AppendFill(style.Color, 1);
        if (rotationDegrees != 0)
            _body.Append(" transform=\"rotate(").Append(N(-rotationDegrees)).Append(' ').Append(N(anchor.X)).Append(' ').Append(N(anchor.Y)).Append(")\"");
        _body.Append('>');
        _body.Append(System.Security.SecurityElement.Escape(text));
        _body.Append("</text>\n");
    }

    public void PushClip(RectD rect)
    {
        string id = "clip" + (++_clips).ToString(CultureInfo.InvariantCulture);
        _defs.Append("<clipPath id=\"").Append(id).Append("\"><rect x=\"").Append(N(rect.X)).Append("\" y=\"").Append(N(rect.Y))
            .Append("\" width=\"").Append(N(rect.Width)).Append("\" height=\"").Append(N(rect.Height)).Append("\"/></clipPath>\n");
        _body.Append("<g clip-path=\"url(#").Append(id).Append(")\">\n");
        _openGroups++;
    }

    public void PopClip()
    {
        if (_openGroups == 0) throw new InvalidOperationException("PopClip without PushClip");
        _openGroups--;
        _body.Append("</g>\n");
    }

    /// <summary>The complete document for a canvas of <paramref name="width"/> x <paramref name="height"/> points.</summary>
    public string Document(double width, double height)
    {
        var sb = new StringBuilder();
        sb.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"").Append(N(width)).Append("pt\" height=\"").Append(N(height))
            .Append("pt\" viewBox=\"0 0 ").Append(N(width)).Append(' ').Append(N(height)).Append("\" font-family=\"").Append(FontFamily).Append("\">\n");
        if (_defs.Length > 0) sb.Append("<defs>\n").Append(_defs).Append("</defs>\n");
        sb.Append(_body);
        for (int i = 0; i < _openGroups; i++) sb.Append("</g>\n");
        sb.Append("</svg>\n");
        return sb.ToString();
    }

    private void AppendPoints(ReadOnlySpan<PointD> points)
    {
        for (int i = 0; i < points.Length; i++)
        {
            if (i > 0) _body.Append(' ');
            _body.Append(N(points[i].X)).Append(',').Append(N(points[i].Y));
        }
    }

    private void AppendFill(Color color, double opacity)
    {
        _body.Append(" fill=\"").Append(color.ToString()).Append('"');
        double alpha = color.A / 255.0 * opacity;
        if (alpha < 1) _body.Append(" fill-opacity=\"").Append(N(alpha)).Append('"');
    }

    private void AppendStroke(Stroke stroke)
    {
        _body.Append(" stroke=\"").Append(stroke.Color.ToString()).Append("\" stroke-width=\"").Append(N(stroke.Width)).Append('"');
        double alpha = stroke.Color.A / 255.0 * stroke.Opacity;
        if (alpha < 1) _body.Append(" stroke-opacity=\"").Append(N(alpha)).Append('"');
        double w = Math.Max(stroke.Width, 1);
        string? dash = stroke.Dash switch
        {
            LineDash.Dashed => N(3.7 * w) + "," + N(1.6 * w),
            LineDash.Dotted => N(1 * w) + "," + N(1.65 * w),
            LineDash.DashDot => N(6.4 * w) + "," + N(1.6 * w) + "," + N(1 * w) + "," + N(1.6 * w),
            _ => null,
        };
        if (dash is not null) _body.Append(" stroke-dasharray=\"").Append(dash).Append('"');
        _body.Append(" stroke-linejoin=\"round\"");
    }

    /// <summary>A coordinate with at most two decimals, invariant culture, no "-0".</summary>
    private static string N(double value)
    {
        double rounded = Math.Round(value, 2);
        if (rounded == 0) rounded = 0;
        return rounded.ToString("0.##", CultureInfo.InvariantCulture);
    }
}
