using System.Text;
using SaePlatform.Contracts.Visualization.Figures;
using SaePlatform.Host.Rendering.Layout;

namespace SaePlatform.Host.Rendering.Svg;

/// <summary>Writes figures as SVG without any native library (the fallback when cairo is missing).</summary>
internal sealed class SvgFigureWriter : IFigureWriter
{
    public IReadOnlyList<string> Formats { get; } = ["svg"];

    public byte[] Render(Figure figure, string format, int dpi)
    {
        if (format != "svg") throw new ArgumentException($"the pure SVG writer cannot write '{format}'", nameof(format));
        var rc = new SvgRenderContext();
        FigureRenderer.Render(figure, rc);
        var (width, height) = FigureRenderer.SizeInPoints(figure);
        return new UTF8Encoding(false).GetBytes(rc.Document(width, height));
    }
}
