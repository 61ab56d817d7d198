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

    /// <summary>
    /// d_sae, the architecture type and the k of a structural-sparsity architecture from <c>cfg.json</c> in
    /// <paramref name="saeDirectory"/> (k: <c>metadata.saeplatform.architecture_options.k</c>, else a top-level <c>k</c>);
    /// null when the file is missing or unreadable, a missing key is null.
    /// </summary>
    public static SaeDescription? ReadSaeDescription(string saeDirectory)
    {
        var path = Path.Combine(saeDirectory, "cfg.json");
        if (!File.Exists(path)) return null;
        try
        {
            using var document = Parse(path);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            int? dSae = root.TryGetProperty("d_sae", out var d) && d.TryGetInt32(out var n) ? n : null;
            string? architecture = root.TryGetProperty("architecture", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
            int? k = null;
            if (root.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
                && metadata.TryGetProperty("saeplatform", out var platform) && platform.ValueKind == JsonValueKind.Object
                && platform.TryGetProperty("architecture_options", out var options) && options.ValueKind == JsonValueKind.Object
                && options.TryGetProperty("k", out var optionK) && optionK.TryGetInt32(out var ok) && ok > 0)
                k = ok;
            else if (root.TryGetProperty("k", out var topK) && topK.TryGetInt32(out var tk) && tk > 0)
                k = tk;
            return new SaeDescription(dSae, architecture, k);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>Suffix of a run's resolved config after the layer name.</summary>
    public const string ConfigSuffix = "_config.yaml";

    /// <summary>
    /// The resolved config saved next to the history file <paramref name="historyPath"/> (<c>M/L_config.yaml</c>) as flat
    /// <c>section.key</c> to value text, or null when it is missing or unreadable (figures then fall back to layer names).
    /// </summary>
    public static Dictionary<string, string>? ReadFlatConfig(string historyPath)
    {
        if (LayerOfHistoryFile(historyPath) is not { } layer) return null;
        var path = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(historyPath))!, layer + ConfigSuffix);
        if (!File.Exists(path)) return null;
        var errors = new List<Configuration.ConfigError>();
        if (Configuration.Tree.YamlTreeReader.ReadFile(path, errors) is not { } root || errors.Count > 0) return null;
        var flat = new Dictionary<string, string>(StringComparer.Ordinal);
        Flatten(root, "", flat);
        return flat;
    }

    private static void Flatten(Configuration.Tree.ConfigNode node, string prefix, Dictionary<string, string> flat)
    {
        switch (node)
        {
            case Configuration.Tree.ConfigMap map:
                foreach (var entry in map.Entries) Flatten(entry.Value, prefix.Length == 0 ? entry.Key : prefix + "." + entry.Key, flat);
                break;
            case Configuration.Tree.ConfigList list:
                flat[prefix] = "[" + string.Join(", ", list.Items.Select(i => i is Configuration.Tree.ConfigScalar s ? s.Value ?? "null" : i.Describe())) + "]";
                break;
            case Configuration.Tree.ConfigScalar scalar:
                flat[prefix] = scalar.Value ?? "null";
                break;
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

/// <summary>What the figures need to know of a saved SAE.</summary>
/// <param name="FeatureCount">d_sae, or null.</param>
/// <param name="Architecture">cfg.json "architecture", or null.</param>
/// <param name="StructuralK">k of a topk-family architecture, or null.</param>
internal sealed record SaeDescription(int? FeatureCount, string? Architecture, int? StructuralK);
