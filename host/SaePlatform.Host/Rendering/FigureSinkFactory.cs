using Microsoft.Extensions.Logging;
using SaePlatform.Contracts.Visualization.Figures;
using SaePlatform.Host.Rendering.Cairo;
using SaePlatform.Host.Rendering.Svg;
using SaePlatform.Host.Visualization;

namespace SaePlatform.Host.Rendering;

/// <summary>
/// Creates file sinks: cairo (PNG, SVG, PDF) when its libraries load, else the pure SVG writer. The missing
/// cairo and the PNG/PDF requests answered with SVG are each logged once per factory.
/// </summary>
internal sealed class FigureSinkFactory : IFigureSinkFactory
{
    private readonly ILogger _logger;
    private readonly IFigureWriter _writer;
    private int _replacementLogged;

    /// <param name="logger">Where the fallback warnings go.</param>
    /// <param name="useCairo">False forces the pure SVG writer (tests, or a user who wants no native code).</param>
    public FigureSinkFactory(ILogger logger, bool useCairo = true)
    {
        _logger = logger;
        if (useCairo && CairoLibrary.IsAvailable)
        {
            _writer = new CairoFigureWriter();
        }
        else
        {
            if (useCairo) logger.CairoUnavailable(CairoLibrary.Unavailability ?? "unknown reason");
            _writer = new SvgFigureWriter();
        }
    }

    /// <summary>True when figures go through cairo.</summary>
    public bool UsesCairo => _writer is CairoFigureWriter;

    public IFigureSink Create(string outputDirectory, IReadOnlyList<string> formats, int dpi) =>
        new FigureFileSink(_writer, outputDirectory, formats, dpi, _logger, replaced =>
        {
            if (Interlocked.Exchange(ref _replacementLogged, 1) == 0) _logger.FormatsReplacedBySvg(string.Join(", ", replaced));
        });
}
