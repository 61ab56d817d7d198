using SaePlatform.Contracts.Visualization;
using SaePlatform.Contracts.Visualization.Figures;
using SaePlatform.Host.Runs;

namespace SaePlatform.Host.Visualization;

/// <summary>
/// The files one model/layer's visualization reads, and where and how it writes. Plain paths so that it
/// crosses into a worker process as JSON; <see cref="BuildContext"/> reads them into a <see cref="VisualizationContext"/>.
/// </summary>
/// <param name="ModelName">Sanitised model name (the model folder).</param>
/// <param name="LayerName">Layer name as in the file names.</param>
/// <param name="HistoryPath">This layer's <c>L_training_history.json</c> (or, while it trains, <c>L_training_log.jsonl</c>).</param>
/// <param name="OutputDirectory">Where figures go (<c>M/training_plots</c> by default).</param>
internal sealed record VisualizationRequest(string ModelName, string LayerName, string HistoryPath, string OutputDirectory)
{
    /// <summary><c>L_evaluation.json</c>, or null when the run saved none.</summary>
    public string? EvaluationPath { get; init; }

    /// <summary><c>L_run_health.json</c> (verdict and warnings), or null when the run saved none.</summary>
    public string? RunHealthPath { get; init; }

    /// <summary>The SAE folder <c>M/L</c> (holds cfg.json), or null when absent.</summary>
    public string? SaeDirectory { get; init; }

    /// <summary>History files of every layer of the model (this one included), by layer name.</summary>
    public IReadOnlyDictionary<string, string> LayerHistoryPaths { get; init; } = new Dictionary<string, string>();

    /// <summary>Requested image formats, lower case.</summary>
    public IReadOnlyList<string> Formats { get; init; } = ["png"];

    /// <summary>Raster resolution.</summary>
    public int Dpi { get; init; } = 150;

    /// <summary>The request for a run's own files (<see cref="RunPaths"/>), plots into <c>M/training_plots</c>.</summary>
    public static VisualizationRequest ForRun(RunPaths paths) =>
        ForHistoryFile(paths.HistoryJson, paths.Model, paths.Layer, paths.Plots);

    /// <summary>
    /// The request for a history file found on disk: evaluation, SAE folder and sibling layers are looked up
    /// next to it with the run layout (<c>M/L_evaluation.json</c>, <c>M/L/</c>, <c>M/*_training_history.json</c>).
    /// </summary>
    public static VisualizationRequest ForHistoryFile(string historyPath, string modelName, string layerName, string outputDirectory)
    {
        var modelDirectory = Path.GetDirectoryName(Path.GetFullPath(historyPath))!;
        var evaluation = Path.Combine(modelDirectory, layerName + VisualizationInputs.EvaluationSuffix);
        var sae = Path.Combine(modelDirectory, layerName);
        var health = Path.Combine(modelDirectory, layerName + VisualizationInputs.RunHealthSuffix);
        var layers = VisualizationInputs.FindLayerHistories(modelDirectory);
        layers[layerName] = Path.GetFullPath(historyPath);
        return new VisualizationRequest(modelName, layerName, Path.GetFullPath(historyPath), Path.GetFullPath(outputDirectory))
        {
            EvaluationPath = File.Exists(evaluation) ? evaluation : null,
            RunHealthPath = File.Exists(health) ? health : null,
            SaeDirectory = Directory.Exists(sae) ? sae : null,
            LayerHistoryPaths = layers,
        };
    }

    /// <summary>Reads the files and creates the output folder.</summary>
    /// <exception cref="InvalidDataException">A file is unreadable or malformed; the message names it.</exception>
    /// <exception cref="IOException">A file is missing or cannot be read.</exception>
    public VisualizationContext BuildContext(IFigureSink figures)
    {
        var history = HistoryFiles.Read(HistoryPath);
        var layers = new Dictionary<string, Contracts.Runs.TrainingHistory>(StringComparer.Ordinal) { [LayerName] = history };
        foreach (var (layer, path) in LayerHistoryPaths)
            if (layer != LayerName) layers[layer] = HistoryFiles.Read(path);
        Directory.CreateDirectory(OutputDirectory);
        var sae = SaeDirectory is null ? null : VisualizationInputs.ReadSaeDescription(SaeDirectory);
        return new VisualizationContext(ModelName, LayerName, history, OutputDirectory, figures)
        {
            SaeDirectory = SaeDirectory,
            Evaluation = EvaluationPath is null ? null : EvaluationFile.Read(EvaluationPath),
            Health = RunHealthPath is null ? null : RunHealthFile.Read(RunHealthPath),
            FeatureCount = sae?.FeatureCount,
            Architecture = sae?.Architecture,
            StructuralK = sae?.StructuralK,
            LayerHistories = layers,
            LayerSettings = LayerHistoryPaths.Select(kv => (kv.Key, Settings: VisualizationInputs.ReadFlatConfig(kv.Value)))
                .Where(p => p.Settings is not null)
                .ToDictionary(p => p.Key, p => (IReadOnlyDictionary<string, string>)p.Settings!, StringComparer.Ordinal),
            Formats = Formats,
            Dpi = Dpi,
        };
    }
}
