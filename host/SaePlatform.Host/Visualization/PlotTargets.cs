using SaePlatform.Contracts.Runs;


namespace SaePlatform.Host.Visualization;

/// <summary>A layer <c>sae plot</c> found: its history and where its figures go.</summary>
internal sealed record PlotTarget(string Model, string Layer, string HistoryPath, string OutputDirectory);

/// <summary>A <c>sae plot</c> request that cannot be served (exit code 2); the message names the folder or file.</summary>
internal sealed class PlotUsageException(string message) : Exception(message);

/// <summary>
/// Finds what <c>sae plot</c> regenerates: every <c>M/L_training_history.json</c> (or a running run's <c>M/L_training_log.jsonl</c>) below the SAE folder (the
/// run layout, README.md "What a run writes"), optionally one model, or a single history file.
/// </summary>
internal static class PlotTargets
{
    /// <summary>The layers to plot, models then layers in name order.</summary>
    /// <param name="saeDirectory">Root of the run outputs (<c>--sae-dir</c>); a model folder itself also works.</param>
    /// <param name="modelName">Only this model (<c>--model-name</c>, as written in the config or as its folder name).</param>
    /// <param name="historyFile">Only this history file (<c>--history-file</c>); overrides the folder search.</param>
    /// <param name="outputDirectory">All figures into this folder (<c>--output-dir</c>); default <c>M/training_plots</c>.</param>
    /// <exception cref="PlotUsageException">The folder or file does not exist, or no history was found.</exception>
    public static IReadOnlyList<PlotTarget> Discover(string saeDirectory, string? modelName, string? historyFile, string? outputDirectory)
    {
        if (historyFile is not null)
        {
            var path = Path.GetFullPath(historyFile);
            if (!File.Exists(path)) throw new PlotUsageException($"history file not found: {path}");
            var modelDirectory = Path.GetDirectoryName(path)!;
            var layer = VisualizationInputs.LayerOfHistoryFile(path) ?? Path.GetFileNameWithoutExtension(path);
            return [Target(modelDirectory, layer, path, outputDirectory)];
        }

        var root = Path.GetFullPath(saeDirectory);
        if (!Directory.Exists(root)) throw new PlotUsageException($"SAE folder not found: {root} (set it with --sae-dir)");
        var modelDirectories = Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal).ToList();
        modelDirectories.Insert(0, root);   // --sae-dir may name a model folder itself
        var wanted = modelName is null ? null : FileNames.ForFolder(modelName);

        var targets = new List<PlotTarget>();
        foreach (var modelDirectory in modelDirectories)
        {
            if (wanted is not null && Path.GetFileName(modelDirectory) != wanted && Path.GetFileName(modelDirectory) != modelName) continue;
            foreach (var (layer, path) in VisualizationInputs.FindLayerHistories(modelDirectory))
                targets.Add(Target(modelDirectory, layer, path, outputDirectory));
        }
        if (targets.Count == 0)
        {
            var which = modelName is null ? "" : $" for model '{modelName}'";
            throw new PlotUsageException($"no training histories (*{VisualizationInputs.HistorySuffix} or *{Runs.RunPaths.StreamedHistorySuffix}){which} found under {root}");
        }
        return targets;
    }

    private static PlotTarget Target(string modelDirectory, string layer, string historyPath, string? outputDirectory) =>
        new(Path.GetFileName(modelDirectory), layer, historyPath,
            Path.GetFullPath(outputDirectory ?? Path.Combine(modelDirectory, "training_plots")));

    /// <summary>Parses <c>--format png,svg</c> (repeatable); lower case, no duplicates.</summary>
    /// <exception cref="PlotUsageException">An unknown format.</exception>
    public static IReadOnlyList<string> ParseFormats(IEnumerable<string> values)
    {
        var formats = new List<string>();
        foreach (var value in values)
        foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var format = part.TrimStart('.').ToLowerInvariant();
            if (format is not ("png" or "svg" or "pdf"))
                throw new PlotUsageException($"--format: '{part}' is not a figure format; use png, svg or pdf (comma-separated)");
            if (!formats.Contains(format)) formats.Add(format);
        }
        return formats.Count == 0 ? ["png"] : formats;
    }
}
