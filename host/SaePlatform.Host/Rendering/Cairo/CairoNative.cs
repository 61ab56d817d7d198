using System.Runtime.InteropServices;

namespace SaePlatform.Host.Rendering.Cairo;

/// <summary>
/// The cairo, pango and gobject functions the renderer uses. Library names are the runtime sonames
/// (<c>libcairo.so.2</c>; the unversioned names exist only with the -dev packages). Functions returning
/// <c>const char*</c> are not declared here: marshalling them as string would free cairo's memory.
/// </summary>
internal static unsafe partial class CairoNative
{
    public const string Cairo = "libcairo.so.2";
    public const string Pango = "libpango-1.0.so.0";
    public const string PangoCairo = "libpangocairo-1.0.so.0";
    public const string GObject = "libgobject-2.0.so.0";

    public const int FormatArgb32 = 0;
    public const int StatusSuccess = 0;
    public const int StatusWriteError = 11;
    public const int HintMetricsOff = 2;
    public const int HintStyleNone = 1;
    public const int AntialiasGray = 2;
    public const int LineJoinRound = 1;
    public const int LineCapButt = 0;
    public const int PangoScale = 1024;
    public const int PangoWeightNormal = 400;
    public const int PangoWeightBold = 700;

    [LibraryImport(Cairo)] public static partial IntPtr cairo_image_surface_create(int format, int width, int height);
    [LibraryImport(Cairo)] public static partial IntPtr cairo_svg_surface_create_for_stream(delegate* unmanaged[Cdecl]<IntPtr, byte*, uint, int> write, IntPtr closure, double widthPt, double heightPt);
    [LibraryImport(Cairo)] public static partial IntPtr cairo_pdf_surface_create_for_stream(delegate* unmanaged[Cdecl]<IntPtr, byte*, uint, int> write, IntPtr closure, double widthPt, double heightPt);
    [LibraryImport(Cairo)] public static partial int cairo_surface_write_to_png_stream(IntPtr surface, delegate* unmanaged[Cdecl]<IntPtr, byte*, uint, int> write, IntPtr closure);
    [LibraryImport(Cairo)] public static partial void cairo_surface_finish(IntPtr surface);
    [LibraryImport(Cairo)] public static partial void cairo_surface_flush(IntPtr surface);
    [LibraryImport(Cairo)] public static partial int cairo_surface_status(IntPtr surface);
    [LibraryImport(Cairo)] public static partial void cairo_surface_destroy(IntPtr surface);
    [LibraryImport(Cairo)] public static partial IntPtr cairo_create(IntPtr surface);
    [LibraryImport(Cairo)] public static partial int cairo_status(IntPtr cr);
    [LibraryImport(Cairo)] public static partial void cairo_destroy(IntPtr cr);
    [LibraryImport(Cairo)] public static partial void cairo_save(IntPtr cr);
    [LibraryImport(Cairo)] public static partial void cairo_restore(IntPtr cr);
    [LibraryImport(Cairo)] public static partial void cairo_scale(IntPtr cr, double sx, double sy);
    [LibraryImport(Cairo)] public static partial void cairo_translate(IntPtr cr, double tx, double ty);
    [LibraryImport(Cairo)] public static partial void cairo_rotate(IntPtr cr, double radians);
    [LibraryImport(Cairo)] public static partial void cairo_set_source_rgba(IntPtr cr, double r, double g, double b, double a);
    [LibraryImport(Cairo)] public static partial void cairo_set_line_width(IntPtr cr, double width);
    [LibraryImport(Cairo)] public static partial void cairo_set_line_join(IntPtr cr, int join);
    [LibraryImport(Cairo)] public static partial void cairo_set_line_cap(IntPtr cr, int cap);
    [LibraryImport(Cairo)] public static partial void cairo_set_dash(IntPtr cr, double* dashes, int count, double offset);
    [LibraryImport(Cairo)] public static partial void cairo_new_path(IntPtr cr);
    [LibraryImport(Cairo)] public static partial void cairo_move_to(IntPtr cr, double x, double y);
    [LibraryImport(Cairo)] public static partial void cairo_line_to(IntPtr cr, double x, double y);
    [LibraryImport(Cairo)] public static partial void cairo_close_path(IntPtr cr);
    [LibraryImport(Cairo)] public static partial void cairo_rectangle(IntPtr cr, double x, double y, double w, double h);
    [LibraryImport(Cairo)] public static partial void cairo_arc(IntPtr cr, double xc, double yc, double radius, double angle1, double angle2);
    [LibraryImport(Cairo)] public static partial void cairo_stroke(IntPtr cr);
    [LibraryImport(Cairo)] public static partial void cairo_fill(IntPtr cr);
    [LibraryImport(Cairo)] public static partial void cairo_clip(IntPtr cr);
    [LibraryImport(Cairo)] public static partial IntPtr cairo_font_options_create();
    [LibraryImport(Cairo)] public static partial void cairo_font_options_destroy(IntPtr options);
    [LibraryImport(Cairo)] public static partial void cairo_font_options_set_hint_metrics(IntPtr options, int hintMetrics);
    [LibraryImport(Cairo)] public static partial void cairo_font_options_set_hint_style(IntPtr options, int hintStyle);
    [LibraryImport(Cairo)] public static partial void cairo_font_options_set_antialias(IntPtr options, int antialias);

    [LibraryImport(PangoCairo)] public static partial IntPtr pango_cairo_create_layout(IntPtr cr);
    [LibraryImport(PangoCairo)] public static partial void pango_cairo_update_layout(IntPtr cr, IntPtr layout);
    [LibraryImport(PangoCairo)] public static partial void pango_cairo_show_layout(IntPtr cr, IntPtr layout);
    [LibraryImport(PangoCairo)] public static partial void pango_cairo_context_set_font_options(IntPtr context, IntPtr options);
    [LibraryImport(Pango)] public static partial IntPtr pango_layout_get_context(IntPtr layout);
    [LibraryImport(Pango)] public static partial void pango_layout_context_changed(IntPtr layout);
    [LibraryImport(Pango)] public static partial void pango_layout_set_text(IntPtr layout, byte* text, int length);
    [LibraryImport(Pango)] public static partial void pango_layout_set_font_description(IntPtr layout, IntPtr description);
    [LibraryImport(Pango)] public static partial int pango_layout_get_unknown_glyphs_count(IntPtr layout);
    [LibraryImport(Pango)] public static partial void pango_layout_get_extents(IntPtr layout, PangoRectangle* ink, PangoRectangle* logical);
    [LibraryImport(Pango)] public static partial IntPtr pango_font_description_new();
    [LibraryImport(Pango)] public static partial void pango_font_description_free(IntPtr description);
    [LibraryImport(Pango)] public static partial void pango_font_description_set_family(IntPtr description, byte* family);
    [LibraryImport(Pango)] public static partial void pango_font_description_set_weight(IntPtr description, int weight);
    [LibraryImport(Pango)] public static partial void pango_font_description_set_absolute_size(IntPtr description, double size);
    [LibraryImport(GObject)] public static partial void g_object_unref(IntPtr obj);

    [StructLayout(LayoutKind.Sequential)]
    public struct PangoRectangle
    {
        public int X, Y, Width, Height;
    }
}
