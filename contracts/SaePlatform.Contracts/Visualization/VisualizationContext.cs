using SaePlatform.Contracts.Runs;

namespace SaePlatform.Contracts.Visualization;

/// <summary>Everything a visualizer may read. It never sees the trainer.</summary>
public sealed class VisualizationContext
{
    /// <summary>Creates a context.</summary>
    public VisualizationContext(string modelName, string layerName, TrainingHistory history, string outputDirectory)
    {
        ModelName = modelName;
        LayerName = layerName;
        History = history;
        OutputDirectory = outputDirectory;
    }

    /// <summary>Sanitised model name (folder name).</summary>
    public string ModelName { get; }

    /// <summary>Layer name.</summary>
    public string LayerName { get; }

    /// <summary>The per-step history of the run.</summary>
    public TrainingHistory History { get; }

    /// <summary>Folder to write into (<c>M/training_plots</c>); exists when Render is called.</summary>
    public string OutputDirectory { get; }

    /// <summary>Image formats requested, lower case ("png", "svg", "pdf"). Default png.</summary>
    public IReadOnlyList<string> Formats { get; init; } = ["png"];

    /// <summary>Raster resolution in dots per inch. Default 150.</summary>
    public int Dpi { get; init; } = 150;
}
