using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SaePlatform.Contracts.Visualization.Figures;
using SaePlatform.Host.Rendering.Layout;
using static SaePlatform.Host.Rendering.Cairo.CairoNative;

namespace SaePlatform.Host.Rendering.Cairo;

/// <summary>
/// PNG, SVG and PDF through one cairo code path: an image surface scaled by dpi/72 (PNG, with a pHYs chunk
/// recording the DPI) or a vector surface in points (SVG, PDF), each written to memory through a stream callback.
/// </summary>
internal sealed unsafe class CairoFigureWriter : IFigureWriter
{
    public IReadOnlyList<string> Formats { get; } = ["png", "svg", "pdf"];

    /// <summary>Glyphs of <paramref name="text"/> that no installed font can draw (see <see cref="CairoRenderContext.UnknownGlyphs"/>).</summary>
    public static int UnknownGlyphs(string text, bool bold = false)
    {
        var image = cairo_image_surface_create(FormatArgb32, 1, 1);
        var cr = cairo_create(image);
        try
        {
            using var rc = new CairoRenderContext(cr);
            return rc.UnknownGlyphs(text, new TextStyle(RenderStyle.FigureTitleSize, RenderStyle.Text, bold));
        }
        finally
        {
            cairo_destroy(cr);
            cairo_surface_destroy(image);
        }
    }

    public byte[] Render(Figure figure, string format, int dpi)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dpi, 1);
        var (width, height) = FigureRenderer.SizeInPoints(figure);
        using var output = new MemoryStream();
        var handle = GCHandle.Alloc(output);
        // The handle stays alive until the surface is finished: cairo may call the write function until then.
        try
        {
            IntPtr closure = GCHandle.ToIntPtr(handle);
            switch (format)
            {
                case "png":
                    int pixelWidth = (int)Math.Round(figure.WidthInches * dpi), pixelHeight = (int)Math.Round(figure.HeightInches * dpi);
                    var image = cairo_image_surface_create(FormatArgb32, pixelWidth, pixelHeight);
                    try
                    {
                        Draw(image, figure, pixelWidth / width, pixelHeight / height);
                        cairo_surface_flush(image);
                        Check(cairo_surface_write_to_png_stream(image, &Write, closure), "writing the PNG");
                    }
                    finally { cairo_surface_destroy(image); }
                    return PngDpi.WithDpi(output.ToArray(), dpi);
                case "svg":
                case "pdf":
                    var vector = format == "svg"
                        ? cairo_svg_surface_create_for_stream(&Write, closure, width, height)
                        : cairo_pdf_surface_create_for_stream(&Write, closure, width, height);
                    try
                    {
                        Draw(vector, figure, 1, 1);
                        cairo_surface_finish(vector);
                        Check(cairo_surface_status(vector), "finishing the " + format.ToUpperInvariant());
                    }
                    finally { cairo_surface_destroy(vector); }
                    return output.ToArray();
                default:
                    throw new ArgumentException($"unknown figure format '{format}' (expected png, svg or pdf)", nameof(format));
            }
        }
        finally { handle.Free(); }
    }

    private static void Draw(IntPtr surface, Figure figure, double scaleX, double scaleY)
    {
        Check(cairo_surface_status(surface), "creating the surface");
        var cr = cairo_create(surface);
        try
        {
            cairo_scale(cr, scaleX, scaleY);
            using (var rc = new CairoRenderContext(cr)) FigureRenderer.Render(figure, rc);
            Check(cairo_status(cr), "drawing");
        }
        finally { cairo_destroy(cr); }
    }

    private static void Check(int status, string what)
    {
        if (status != StatusSuccess) throw new InvalidOperationException($"cairo failed {what} (cairo status {status})");
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Write(IntPtr closure, byte* data, uint length)
    {
        try
        {
            var stream = (MemoryStream)GCHandle.FromIntPtr(closure).Target!;
            stream.Write(new ReadOnlySpan<byte>(data, checked((int)length)));
            return StatusSuccess;
        }
        catch (Exception)
        {
            return StatusWriteError;
        }
    }
}
