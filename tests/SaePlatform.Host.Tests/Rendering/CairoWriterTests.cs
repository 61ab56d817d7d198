using System.Buffers.Binary;
using System.Text;
using System.Xml.Linq;
using SaePlatform.Host.Rendering.Cairo;

namespace SaePlatform.Host.Tests.Rendering;

/// <summary>
/// Smoke tests of the cairo path (CI installs libcairo2 and libpangocairo-1.0-0; without them these fail,
/// naming the missing library). Output is checked structurally, not pixel by pixel.
/// </summary>
public sealed class CairoWriterTests
{
    private static CairoFigureWriter Writer()
    {
        Assert.True(CairoLibrary.IsAvailable, CairoLibrary.Unavailability);
        return new CairoFigureWriter();
    }

    [Theory]
    [InlineData(150)]
    [InlineData(300)]
    public void RenderPng_SizeIsInchesTimesDpiAndPhysRecordsTheDpi(int dpi)
    {
        var png = Writer().Render(SampleFigures.LineWithTargetAndHistogram(), "png", dpi);
        Assert.Equal(PngChunks.Signature, png[..8]);
        var chunks = PngChunks.Read(png);
        Assert.Equal("IHDR", chunks[0].Type);
        Assert.Equal(8 * dpi, (int)BinaryPrimitives.ReadUInt32BigEndian(chunks[0].Data));
        Assert.Equal(3 * dpi, (int)BinaryPrimitives.ReadUInt32BigEndian(chunks[0].Data.AsSpan(4)));
        var phys = Assert.Single(chunks, c => c.Type == "pHYs");
        uint pixelsPerMetre = (uint)Math.Round(dpi / 0.0254);
        Assert.Equal(pixelsPerMetre, BinaryPrimitives.ReadUInt32BigEndian(phys.Data));
        Assert.Equal(pixelsPerMetre, BinaryPrimitives.ReadUInt32BigEndian(phys.Data.AsSpan(4)));
        Assert.Equal(1, phys.Data[8]);
        Assert.Equal(PngChunks.Crc([.. "pHYs"u8, .. phys.Data]), phys.Crc);
        Assert.Equal("IEND", chunks[^1].Type);
    }

    [Fact]
    public void RenderPng_NotBlank()
    {
        var pixels = PngChunks.Pixels(Writer().Render(SampleFigures.LineWithTargetAndHistogram(), "png", 72), out int width, out int height);
        int nonWhite = 0, blue = 0;
        for (int i = 0; i < pixels.Length; i += 4)
        {
            byte r = pixels[i], g = pixels[i + 1], b = pixels[i + 2], a = pixels[i + 3];
            Assert.Equal(255, a); // the white background covers everything
            if (r < 240 || g < 240 || b < 240) nonWhite++;
            if (b > r + 60 && b > g + 20) blue++; // palette blue (#1f77b4) of the first series
        }
        double fraction = nonWhite / (double)(width * height);
        Assert.InRange(fraction, 0.02, 0.6);
        Assert.True(blue > 50, $"only {blue} blue pixels");
    }

    [Fact]
    public void RenderPng_Twice_SameBytes()
    {
        var writer = Writer();
        Assert.Equal(writer.Render(SampleFigures.LineWithTargetAndHistogram(), "png", 100), writer.Render(SampleFigures.LineWithTargetAndHistogram(), "png", 100));
    }

    [Fact]
    public void RenderSvg_ParsesAsSvgInPoints()
    {
        var svg = Encoding.UTF8.GetString(Writer().Render(SampleFigures.LineWithTargetAndHistogram("한국어 제목 / English title"), "svg", 150));
        var root = XDocument.Parse(svg).Root!;
        Assert.Equal("svg", root.Name.LocalName);
        Assert.StartsWith("576", root.Attribute("width")!.Value, StringComparison.Ordinal);
        Assert.StartsWith("216", root.Attribute("height")!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void RenderPdf_HasPdfHeaderAndTrailer()
    {
        var pdf = Writer().Render(SampleFigures.LineWithTargetAndHistogram(), "pdf", 150);
        Assert.Equal("%PDF-", Encoding.ASCII.GetString(pdf, 0, 5));
        Assert.Contains("%%EOF", Encoding.ASCII.GetString(pdf, pdf.Length - 32, 32), StringComparison.Ordinal);
        Assert.Contains("/MediaBox [ 0 0 576 216 ]", Encoding.ASCII.GetString(pdf), StringComparison.Ordinal);
    }

    [Fact]
    public void Crc32_OfIend_IsTheConstantEveryPngEndsWith()
    {
        Assert.Equal(0xAE426082u, PngDpi.Crc32("IEND"u8));
    }
}

/// <summary>Hangul titles through pango's font fallback; needs a Korean font (CI installs fonts-noto-cjk), else skips saying so.</summary>
public sealed class HangulTitleTests
{
    private const string Title = "학습 기록 / training history";

    [KoreanFontFact]
    public void HangulAndEnglishTitle_EveryGlyphHasAFont_AndThePngIsDrawn()
    {
        Assert.True(CairoLibrary.IsAvailable, CairoLibrary.Unavailability);
        Assert.Equal(0, CairoFigureWriter.UnknownGlyphs(Title, bold: true));
        Assert.Equal(0, CairoFigureWriter.UnknownGlyphs("재구성 손실"));
        var pixels = PngChunks.Pixels(new CairoFigureWriter().Render(SampleFigures.LineWithTargetAndHistogram(Title), "png", 100), out int width, out _);
        // The title band (top 30 px of the middle half) has ink: the text was drawn.
        int ink = 0;
        for (int y = 0; y < 30; y++)
            for (int x = width / 4; x < 3 * width / 4; x++)
                if (pixels[(y * width + x) * 4] < 128) ink++;
        Assert.True(ink > 200, $"only {ink} dark pixels in the title band");
    }

    [Fact]
    public void UnknownGlyphs_ACharacterNoFontHas_Counted()
    {
        // U+10FFFD is a private-use code point no installed font covers: the count is not blind.
        Assert.True(CairoLibrary.IsAvailable, CairoLibrary.Unavailability);
        Assert.Equal(1, CairoFigureWriter.UnknownGlyphs("a\U0010FFFDb"));
    }
}

/// <summary>Runs only when fontconfig knows a font covering Korean (fonts-noto-cjk, fonts-nanum).</summary>
public sealed class KoreanFontFactAttribute : FactAttribute
{
    public KoreanFontFactAttribute()
    {
        if (!KoreanFontInstalled())
            Skip = "No font with Hangul is installed (fc-list :lang=ko is empty): apt-get install fonts-noto-cjk (.ci/run does).";
    }

    private static bool KoreanFontInstalled()
    {
        try
        {
            using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("fc-list", ":lang=ko family")
            {
                RedirectStandardOutput = true,
                UseShellExecute = false,
            });
            if (process is null) return false;
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 && output.Trim().Length > 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
