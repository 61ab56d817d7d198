using SaePlatform.Host.Plan;


namespace SaePlatform.Host.Runs;

/// <summary>
/// Where a run's files go, for model M and layer L (both sanitised by <see cref="RunTarget"/>) under the
/// output root: M/L/ (SAE files), M/L_training_history.json, M/L_training_log.csv, M/L_evaluation.json,
/// M/L_run_health.json, M/L_config.yaml, M/L_train.log, M/L/checkpoints/, M/training_plots/; streamed while the run goes:
/// M/L_training_log.jsonl (and the CSV), M/tensorboard/L/events.out.tfevents.* (outside M/L/, which stays SAELens-format).
/// </summary>
internal sealed record RunPaths(string ModelDirectory, string Model, string Layer)
{
    /// <summary>Suffix of the streamed history after the layer name.</summary>
    public const string StreamedHistorySuffix = "_training_log.jsonl";

    /// <summary>The folder of a model's TensorBoard event files (one subfolder per layer, so TensorBoard lists M/tensorboard/L).</summary>
    public const string TensorBoardFolder = "tensorboard";

    public static RunPaths For(RunTarget target) => new(target.ModelDirectory, target.ModelFolderName, target.LayerFileStem);

    public string SaeDirectory => Path.Combine(ModelDirectory, Layer);
    public string HistoryJson => Path.Combine(ModelDirectory, Layer + "_training_history.json");
    public string HistoryCsv => Path.Combine(ModelDirectory, Layer + "_training_log.csv");
    public string HistoryJsonl => Path.Combine(ModelDirectory, Layer + StreamedHistorySuffix);
    public string TensorBoard => Path.Combine(ModelDirectory, TensorBoardFolder, Layer);
    public string EvaluationJson => Path.Combine(ModelDirectory, Layer + "_evaluation.json");
    public string RunHealthJson => Path.Combine(ModelDirectory, Layer + "_run_health.json");
    public string ResolvedConfig => Path.Combine(ModelDirectory, Layer + "_config.yaml");
    public string TrainLog => Path.Combine(ModelDirectory, Layer + "_train.log");
    public string Checkpoints => Path.Combine(SaeDirectory, "checkpoints");
    public string Plots => Path.Combine(ModelDirectory, "training_plots");
}
