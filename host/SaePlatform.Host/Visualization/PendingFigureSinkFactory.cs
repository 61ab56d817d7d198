using SaePlatform.Contracts.Visualization.Figures;

namespace SaePlatform.Host.Visualization;

/// <summary>
/// Placeholder until the renderers (cairo / SVG, another branch) are merged: visualizers that write their own
/// files work, one that saves a <see cref="Figure"/> fails with <see cref="NotSupportedException"/> (guarded like
/// any other failure). The lead replaces it, and <see cref="VisualizationStage.DefaultFigures"/>, at merge.
/// </summary>
internal sealed class PendingFigureSinkFactory : IFigureSinkFactory
{
    public IFigureSink Create(string outputDirectory, IReadOnlyList<string> formats, int dpi) => new Sink();

    private sealed class Sink : IFigureSink
    {
        public IReadOnlyList<string> Save(Figure figure, string fileStem) =>
            throw new NotSupportedException($"no figure renderer in this build; cannot save '{fileStem}'.");
    }
}
