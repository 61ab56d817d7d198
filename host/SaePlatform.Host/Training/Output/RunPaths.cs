namespace SaePlatform.Host.Training.Output;

/// <summary>
/// Where a run's files go, for model M (sanitised: "org/name" -> "org-name") and layer L under the output
/// root: M/L/ (SAE files), M/L_training_history.json, M/L_training_log.csv, M/L_evaluation.json,
/// M/L_config.yaml, M/L_train.log, M/L/checkpoints/, M/training_plots/.
/// </summary>
internal sealed record RunPaths(string Root, string Model, string Layer)
{
    public static RunPaths For(string outputRoot, string model, string layer) =>
        new(Path.GetFullPath(outputRoot), Sanitise(model), Sanitise(layer));

    public string ModelDirectory => Path.Combine(Root, Model);
    public string SaeDirectory => Path.Combine(ModelDirectory, Layer);
    public string HistoryJson => Path.Combine(ModelDirectory, Layer + "_training_history.json");
    public string HistoryCsv => Path.Combine(ModelDirectory, Layer + "_training_log.csv");
    public string EvaluationJson => Path.Combine(ModelDirectory, Layer + "_evaluation.json");
    public string ResolvedConfig => Path.Combine(ModelDirectory, Layer + "_config.yaml");
    public string TrainLog => Path.Combine(ModelDirectory, Layer + "_train.log");
    public string Checkpoints => Path.Combine(SaeDirectory, "checkpoints");
    public string Plots => Path.Combine(ModelDirectory, "training_plots");

    /// <summary>Replaces path separators and characters invalid in file names with '-'.</summary>
    public static string Sanitise(string name)
    {
        var invalid = Path.GetInvalidFileNameChars();
        var chars = name.Trim().ToCharArray();
        for (int i = 0; i < chars.Length; i++)
            if (chars[i] is '/' or '\\' or ':' || Array.IndexOf(invalid, chars[i]) >= 0) chars[i] = '-';
        var s = new string(chars);
        return s.Length == 0 || s is "." or ".." ? "unnamed" : s;
    }
}
