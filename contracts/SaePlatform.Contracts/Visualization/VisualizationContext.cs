using SaePlatform.Contracts.Runs;
using SaePlatform.Contracts.Visualization.Figures;

namespace SaePlatform.Contracts.Visualization;

/// <summary>
/// Everything a visualizer may read, and where it writes. It never sees the trainer: the same context is
/// built after a run and by <c>sae plot</c> from the files the run saved.
/// </summary>
public sealed class VisualizationContext
{
    /// <summary>Creates a context.</summary>
    public VisualizationContext(string modelName, string layerName, TrainingHistory history, string outputDirectory, IFigureSink figures)
    {
        ModelName = modelName;
        LayerName = layerName;
        History = history;
        OutputDirectory = outputDirectory;
        Figures = figures;
    }

    /// <summary>Sanitised model name (folder name).</summary>
    public string ModelName { get; }

    /// <summary>Layer name.</summary>
    public string LayerName { get; }

    /// <summary>The per-step history of this layer's run.</summary>
    public TrainingHistory History { get; }

    /// <summary>Folder to write into (<c>M/training_plots</c>); exists when Render is called.</summary>
    public string OutputDirectory { get; }

    /// <summary>Renders figures into <see cref="OutputDirectory"/> in the requested <see cref="Formats"/>.</summary>
    public IFigureSink Figures { get; }

    /// <summary>The SAE folder (<c>M/L</c>, SAELens layout), or null when only a history is available.</summary>
    public string? SaeDirectory { get; init; }

    /// <summary>The final evaluation of the run (values and per-row/per-feature arrays), or null when none was saved.</summary>
    public EvaluationResult? Evaluation { get; init; }

    /// <summary>The run's verdict and the warnings raised while training, or null when none was saved (older runs).</summary>
    public RunHealth? Health { get; init; }

    /// <summary>d_sae when known (for L0 as a fraction of the dictionary), else null.</summary>
    public int? FeatureCount { get; init; }

    /// <summary>The saved SAE's architecture type (<c>cfg.json</c> "architecture", e.g. standard, topk), or null when unknown.</summary>
    public string? Architecture { get; init; }

    /// <summary>
    /// The k of an architecture whose sparsity is structural (topk, batchtopk, matryoshka: the L0 it enforces, its
    /// <c>k</c> option), or null for a penalty-based or unknown architecture.
    /// </summary>
    public int? StructuralK { get; init; }

    /// <summary>
    /// Histories of every layer of this model found so far, by layer name, this layer included; a
    /// comparison visualizer overlays them. Contains only this layer when the model has one.
    /// </summary>
    public IReadOnlyDictionary<string, TrainingHistory> LayerHistories { get; init; } = new Dictionary<string, TrainingHistory>();

    /// <summary>
    /// The resolved config of each layer's run in <see cref="LayerHistories"/> (from <c>M/L_config.yaml</c>) as flat
    /// <c>section.key</c> to value text (lists as <c>[a, b]</c>), by layer name; a comparison labels its curves by the
    /// keys whose values differ. A layer without a readable config is missing.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> LayerSettings { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, string>>();

    /// <summary>Image formats requested, lower case ("png", "svg", "pdf"). Default png.</summary>
    public IReadOnlyList<string> Formats { get; init; } = ["png"];

    /// <summary>Raster resolution in dots per inch. Default 150.</summary>
    public int Dpi { get; init; } = 150;
}
