using SaePlatform.Contracts.Visualization.Figures;

namespace SaePlatform.Plugins.Tests.TrainingPlots;

/// <summary>Keeps the figures a visualizer saves, by file stem, instead of rendering them.</summary>
internal sealed class RecordingFigureSink : IFigureSink
{
    public Dictionary<string, Figure> Figures { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Save(Figure figure, string fileStem)
    {
        Assert.False(Figures.ContainsKey(fileStem), $"{fileStem} saved twice");
        Figures[fileStem] = figure;
        return [fileStem + ".png"];
    }
}
