using System.Text.Json;
using SaePlatform.Contracts.Runs;
using SaePlatform.Host.Runs;

namespace SaePlatform.Host.Visualization;

/// <summary>
/// Finds what a run saved and a visualizer needs: the history files of a model's layers and <c>d_sae</c> from
/// <c>M/L/cfg.json</c> (the history and evaluation themselves are read by <c>HistoryFiles</c> and <c>EvaluationFile</c>).
/// </summary>
internal static class VisualizationInputs
{
    /// <summary>Suffix of a history file after the layer name.</summary>
    public const string HistorySuffix = "_training_history.json";

    /// <summary>Suffix of an evaluation file after the layer name.</summary>
    public const string EvaluationSuffix = "_evaluation.json";

    /// <summary>Suffix of a run-health file (verdict and warnings) after the layer name.</summary>
    public const string RunHealthSuffix = "_run_health.json";

    /// <summary>
    /// The layer name of a history file (<c>layer10_training_history.json</c> or, for a run still training, its streamed
    /// <c>layer10_training_log.jsonl</c> -> <c>layer10</c>), or null for another file.
    /// </summary>
    public static string? LayerOfHistoryFile(string path)
    {
        var name = Path.GetFileName(path);
        foreach (var suffix in (string[])[HistorySuffix, RunPaths.StreamedHistorySuffix])
            if (name.Length > suffix.Length && name.EndsWith(suffix, StringComparison.Ordinal)) return name[..^suffix.Length];
        return null;
    }

    /// <summary>
    /// Every layer's history directly in <paramref name="modelDirectory"/>, by layer name, sorted by layer: its
    /// <c>L_training_history.json</c>, or its streamed <c>L_training_log.jsonl</c> when that is the only one or the newer one
    /// (a run still training, also a resumed one whose older history file is stale).
    /// </summary>
    public static SortedDictionary<string, string> FindLayerHistories(string modelDirectory)
    {
        var found = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (!Directory.Exists(modelDirectory)) return found;
        foreach (var file in Directory.EnumerateFiles(modelDirectory, "*" + HistorySuffix))
            if (LayerOfHistoryFile(file) is { } layer) found[layer] = file;
        foreach (var file in Directory.EnumerateFiles(modelDirectory, "*" + RunPaths.StreamedHistorySuffix))
        {
            if (LayerOfHistoryFile(file) is not { } layer) continue;
            if (!found.TryGetValue(layer, out var json) || File.GetLastWriteTimeUtc(file) > File.GetLastWriteTimeUtc(json)) found[layer] = file;
        }
        return found;
    }

    /// <summary><c>d_sae</c> from <c>cfg.json</c> in <paramref name="saeDirectory"/>, or null when the file or key is missing or unreadable.</summary>
    public static int? ReadFeatureCount(string saeDirectory)
    {
        var path = Path.Combine(saeDirectory, "cfg.json");
        if (!File.Exists(path)) return null;
        try
        {
            using var document = Parse(path);
            return document.RootElement.ValueKind == JsonValueKind.Object
                   && document.RootElement.TryGetProperty("d_sae", out var d) && d.TryGetInt32(out var n) ? n : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private static JsonDocument Parse(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return JsonDocument.Parse(stream);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: invalid JSON at line {(e.LineNumber ?? 0) + 1}: {e.Message}", e);
        }
    }
}
