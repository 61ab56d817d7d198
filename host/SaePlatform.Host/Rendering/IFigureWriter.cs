using SaePlatform.Contracts.Visualization.Figures;

namespace SaePlatform.Host.Rendering;

/// <summary>Turns a figure into the bytes of one file format.</summary>
internal interface IFigureWriter
{
    /// <summary>Formats this writer produces ("png", "svg", "pdf").</summary>
    IReadOnlyList<string> Formats { get; }

    /// <summary>The file content of <paramref name="figure"/> in <paramref name="format"/>; <paramref name="dpi"/> applies to raster formats.</summary>
    byte[] Render(Figure figure, string format, int dpi);
}
