using SaePlatform.Contracts.Visualization.Figures;

namespace SaePlatform.Host.Rendering;

/// <summary>Creates the <see cref="IFigureSink"/> a visualizer writes through (one per output folder and request).</summary>
internal interface IFigureSinkFactory
{
    /// <summary>A sink rendering into <paramref name="outputDirectory"/> in <paramref name="formats"/> ("png", "svg", "pdf") at <paramref name="dpi"/>.</summary>
    IFigureSink Create(string outputDirectory, IReadOnlyList<string> formats, int dpi);
}
