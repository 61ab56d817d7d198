namespace SaePlatform.Contracts.Visualization.Figures;

/// <summary>Renders figures to files; the host provides it (cairo, or a pure SVG writer when cairo is missing).</summary>
public interface IFigureSink
{
    /// <summary>
    /// Renders <paramref name="figure"/> in every requested format as <c>{fileStem}.{format}</c> in the output
    /// folder, writing each file atomically, and returns the paths written.
    /// </summary>
    /// <param name="figure">The figure.</param>
    /// <param name="fileStem">File name without extension, e.g. <c>gpt2_layer10_training_history</c>.</param>
    IReadOnlyList<string> Save(Figure figure, string fileStem);
}
