using System.Text;
using SaePlatform.Contracts.Visualization.Figures;
using static SaePlatform.Host.Rendering.Cairo.CairoNative;

namespace SaePlatform.Host.Rendering.Cairo;

/// <summary>
/// <see cref="IRenderContext"/> over a cairo context. Text goes through pango so fonts fall back per script
/// (a Korean title renders when a Hangul font is installed); hint metrics are off so text widths do not
/// depend on the output scale, and fonts are sized in absolute user units, i.e. points.
/// </summary>
internal sealed unsafe class CairoRenderContext : IRenderContext, IDisposable
{
    /// <summary>Family list pango tries in order, then its own fallback for missing glyphs.</summary>
    private const string FontFamilies = "DejaVu Sans,Noto Sans,Noto Sans CJK KR,NanumGothic,sans-serif";

    private readonly IntPtr _cr;
    private readonly IntPtr _layout;
    private readonly IntPtr _regular;
    private readonly IntPtr _bold;
    private readonly IntPtr _fontOptions;

    public CairoRenderContext(IntPtr cr)
    {
        _cr = cr;
        cairo_set_line_join(cr, LineJoinRound);
        cairo_set_line_cap(cr, LineCapButt);
        _fontOptions = cairo_font_options_create();
        cairo_font_options_set_hint_metrics(_fontOptions, HintMetricsOff);
        cairo_font_options_set_hint_style(_fontOptions, HintStyleNone);
        cairo_font_options_set_antialias(_fontOptions, AntialiasGray);
        _layout = pango_cairo_create_layout(cr);
        pango_cairo_context_set_font_options(pango_layout_get_context(_layout), _fontOptions);
        pango_layout_context_changed(_layout);
        _regular = CreateFont(PangoWeightNormal);
        _bold = CreateFont(PangoWeightBold);
    }

    private static IntPtr CreateFont(int weight)
    {
        var description = pango_font_description_new();
        var family = Encoding.UTF8.GetBytes(FontFamilies + "\0");
        fixed (byte* p = family) pango_font_description_set_family(description, p);
        pango_font_description_set_weight(description, weight);
        return description;
    }

    public TextExtent MeasureText(string text, TextStyle style)
    {
        SetText(text, style);
        PangoRectangle logical;
        pango_layout_get_extents(_layout, null, &logical);
        return new TextExtent(logical.Width / (double)PangoScale, logical.Height / (double)PangoScale);
    }

    /// <summary>
    /// Glyphs of <paramref name="text"/> no installed font has (drawn as boxes): 0 when font fallback covers every script
    /// in it, e.g. Hangul with fonts-noto-cjk installed.
    /// </summary>
    public int UnknownGlyphs(string text, TextStyle style)
    {
        SetText(text, style);
        return pango_layout_get_unknown_glyphs_count(_layout);
    }

    private void SetText(string text, TextStyle style)
    {
        var font = style.Bold ? _bold : _regular;
        pango_font_description_set_absolute_size(font, style.Size * PangoScale);
        pango_layout_set_font_description(_layout, font);
        int length = Encoding.UTF8.GetByteCount(text);
        Span<byte> bytes = length <= 512 ? stackalloc byte[length + 1] : new byte[length + 1];
        Encoding.UTF8.GetBytes(text, bytes);
        fixed (byte* p = bytes) pango_layout_set_text(_layout, p, length);
    }

    public void Polyline(ReadOnlySpan<PointD> points, Stroke stroke)
    {
        if (points.Length < 2) return;
        cairo_new_path(_cr);
        cairo_move_to(_cr, points[0].X, points[0].Y);
        for (int i = 1; i < points.Length; i++) cairo_line_to(_cr, points[i].X, points[i].Y);
        SetSource(stroke.Color, stroke.Opacity);
        cairo_set_line_width(_cr, stroke.Width);
        SetDash(stroke.Dash, stroke.Width);
        cairo_stroke(_cr);
        SetDash(LineDash.Solid, 1);
    }

    public void FillPolygon(ReadOnlySpan<PointD> points, Color color, double opacity)
    {
        if (points.Length < 3) return;
        cairo_new_path(_cr);
        cairo_move_to(_cr, points[0].X, points[0].Y);
        for (int i = 1; i < points.Length; i++) cairo_line_to(_cr, points[i].X, points[i].Y);
        cairo_close_path(_cr);
        SetSource(color, opacity);
        cairo_fill(_cr);
    }

    public void Rectangle(RectD rect, Color? fill, Stroke? stroke)
    {
        if (fill is Color f)
        {
            cairo_new_path(_cr);
            cairo_rectangle(_cr, rect.X, rect.Y, rect.Width, rect.Height);
            SetSource(f, 1);
            cairo_fill(_cr);
        }
        if (stroke is Stroke s)
        {
            cairo_new_path(_cr);
            cairo_rectangle(_cr, rect.X, rect.Y, rect.Width, rect.Height);
            SetSource(s.Color, s.Opacity);
            cairo_set_line_width(_cr, s.Width);
            SetDash(s.Dash, s.Width);
            cairo_stroke(_cr);
            SetDash(LineDash.Solid, 1);
        }
    }

    public void Marker(PointD center, double diameter, Color color, double opacity)
    {
        cairo_new_path(_cr);
        cairo_arc(_cr, center.X, center.Y, diameter / 2, 0, 2 * Math.PI);
        SetSource(color, opacity);
        cairo_fill(_cr);
    }

    public void Text(string text, PointD anchor, TextStyle style, TextAlign align, TextBaseline baseline, double rotationDegrees = 0)
    {
        var size = MeasureText(text, style);
        double dx = align switch { TextAlign.Center => -size.Width / 2, TextAlign.Right => -size.Width, _ => 0 };
        double dy = baseline switch { TextBaseline.Middle => -size.Height / 2, TextBaseline.Bottom => -size.Height, _ => 0 };
        cairo_save(_cr);
        cairo_translate(_cr, anchor.X, anchor.Y);
        if (rotationDegrees != 0) cairo_rotate(_cr, -rotationDegrees * Math.PI / 180);
        cairo_move_to(_cr, dx, dy);
        SetSource(style.Color, 1);
        pango_cairo_update_layout(_cr, _layout);
        pango_cairo_show_layout(_cr, _layout);
        cairo_restore(_cr);
        pango_cairo_update_layout(_cr, _layout);
    }

    public void PushClip(RectD rect)
    {
        cairo_save(_cr);
        cairo_new_path(_cr);
        cairo_rectangle(_cr, rect.X, rect.Y, rect.Width, rect.Height);
        cairo_clip(_cr);
    }

    public void PopClip() => cairo_restore(_cr);

    private void SetSource(Color color, double opacity) =>
        cairo_set_source_rgba(_cr, color.R / 255.0, color.G / 255.0, color.B / 255.0, color.A / 255.0 * opacity);

    private void SetDash(LineDash dash, double width)
    {
        // Dash lengths scale with the line width, like matplotlib's defaults (3.7/1.6, 1/1.65, 6.4/1.6/1/1.6).
        double w = Math.Max(width, 1);
        Span<double> pattern = stackalloc double[4];
        int count = dash switch
        {
            LineDash.Dashed => Fill(pattern, 3.7 * w, 1.6 * w),
            LineDash.Dotted => Fill(pattern, 1 * w, 1.65 * w),
            LineDash.DashDot => Fill(pattern, 6.4 * w, 1.6 * w, 1 * w, 1.6 * w),
            _ => 0,
        };
        fixed (double* p = pattern) cairo_set_dash(_cr, p, count, 0);
    }

    private static int Fill(Span<double> target, params ReadOnlySpan<double> values)
    {
        values.CopyTo(target);
        return values.Length;
    }

    public void Dispose()
    {
        g_object_unref(_layout);
        pango_font_description_free(_regular);
        pango_font_description_free(_bold);
        cairo_font_options_destroy(_fontOptions);
    }
}
