using System.Text.Json;
using SaePlatform.Contracts.Runs;

namespace SaePlatform.Host.Visualization;

/// <summary>
/// Reads what a run saved and a visualizer needs: <c>M/L_training_history.json</c>, <c>M/L_evaluation.json</c>,
/// <c>d_sae</c> from <c>M/L/cfg.json</c>, and the sibling layers' histories of the same model. The format is
/// the one <c>HistoryFiles</c> and <c>EvaluationFile</c> write (README.md "What a run writes").
/// </summary>
internal static class VisualizationInputs
{
    /// <summary>Suffix of a history file after the layer name.</summary>
    public const string HistorySuffix = "_training_history.json";

    /// <summary>Suffix of an evaluation file after the layer name.</summary>
    public const string EvaluationSuffix = "_evaluation.json";

    // The brief's plain keys, written next to the canonical metrics; mapped back when a file has only them.
    private static readonly Dictionary<string, string> AliasToMetric = new(StringComparer.Ordinal)
    {
        [MetricNames.TotalLossAlias] = MetricNames.OverallLoss,
        [MetricNames.ReconstructionLossAlias] = MetricNames.MseLoss,
        [MetricNames.SparsityLossAlias] = MetricNames.SparsityLoss,
        [MetricNames.L0Alias] = MetricNames.L0,
    };

    /// <summary>The layer name of a history file (<c>layer10_training_history.json</c> -> <c>layer10</c>), or null for another file.</summary>
    public static string? LayerOfHistoryFile(string path)
    {
        var name = Path.GetFileName(path);
        return name.Length > HistorySuffix.Length && name.EndsWith(HistorySuffix, StringComparison.Ordinal)
            ? name[..^HistorySuffix.Length]
            : null;
    }

    /// <summary>Every history file directly in <paramref name="modelDirectory"/>, by layer name, sorted by layer.</summary>
    public static SortedDictionary<string, string> FindLayerHistories(string modelDirectory)
    {
        var found = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (!Directory.Exists(modelDirectory)) return found;
        foreach (var file in Directory.EnumerateFiles(modelDirectory, "*" + HistorySuffix))
            if (LayerOfHistoryFile(file) is { } layer) found[layer] = file;
        return found;
    }

    /// <summary>Reads a history file: <c>step</c> plus one array per metric (null = NaN).</summary>
    /// <exception cref="InvalidDataException">Not JSON, not an object of arrays, or columns of different lengths; the message names the file.</exception>
    public static TrainingHistory ReadHistory(string path)
    {
        using var document = Parse(path);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            throw new InvalidDataException($"{path}: a training history must be a JSON object of arrays (\"step\": [...], \"losses/mse_loss\": [...]).");

        long[]? steps = null;
        var columns = new List<(string Name, double[] Values)>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.Array)
                throw new InvalidDataException($"{path}: key '{property.Name}' must be an array, found {property.Value.ValueKind}.");
            if (property.Name == "step")
            {
                steps = property.Value.EnumerateArray().Select((e, i) => e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var s)
                    ? s : throw new InvalidDataException($"{path}: step[{i}] must be an integer, found {e.GetRawText()}.")).ToArray();
                continue;
            }
            names.Add(property.Name);
            columns.Add((property.Name, ReadNumbers(path, property.Name, property.Value)));
        }

        // Aliases duplicate a canonical column; keep them only when the canonical one is absent.
        var kept = new List<(string Name, double[] Values)>();
        foreach (var (name, values) in columns)
        {
            if (AliasToMetric.TryGetValue(name, out var metric))
            {
                if (!names.Contains(metric)) kept.Add((metric, values));
                continue;
            }
            kept.Add((name, values));
        }

        int rows = steps?.Length ?? (kept.Count > 0 ? kept[0].Values.Length : 0);
        foreach (var (name, values) in kept)
            if (values.Length != rows)
                throw new InvalidDataException($"{path}: '{name}' has {values.Length} values but there are {rows} steps.");

        var history = new TrainingHistory();
        var row = new Dictionary<string, double>(kept.Count, StringComparer.Ordinal);
        for (int i = 0; i < rows; i++)
        {
            row.Clear();
            foreach (var (name, values) in kept) row[name] = values[i];
            history.Append(steps?[i] ?? i, row);
        }
        return history;
    }

    /// <summary>Reads an evaluation file: <c>split</c>, <c>step</c>, numbers as values and number arrays as arrays.</summary>
    /// <exception cref="InvalidDataException">Not JSON or not an object; the message names the file.</exception>
    public static EvaluationResult ReadEvaluation(string path)
    {
        using var document = Parse(path);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            throw new InvalidDataException($"{path}: an evaluation must be a JSON object.");
        string split = "test";
        long step = 0;
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        var arrays = new Dictionary<string, double[]>(StringComparer.Ordinal);

        void ReadMembers(JsonElement parent)
        {
            foreach (var property in parent.EnumerateObject())
            {
                var value = property.Value;
                switch (property.Name, value.ValueKind)
                {
                    case ("split", JsonValueKind.String):
                        split = value.GetString()!;
                        break;
                    case ("step", JsonValueKind.Number):
                        step = value.TryGetInt64(out var s) ? s : (long)value.GetDouble();
                        break;
                    case (_, JsonValueKind.Number):
                        values[property.Name] = value.GetDouble();
                        break;
                    case (_, JsonValueKind.Null):
                        values[property.Name] = double.NaN;
                        break;
                    case (_, JsonValueKind.Array):
                        arrays[property.Name] = ReadNumbers(path, property.Name, value);
                        break;
                    case (_, JsonValueKind.Object):
                        ReadMembers(value);   // a nested group such as "arrays": {...}
                        break;
                }
            }
        }

        ReadMembers(root);
        return new EvaluationResult(split, step, values) { Arrays = arrays };
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

    private static double[] ReadNumbers(string path, string name, JsonElement array)
    {
        var values = new double[array.GetArrayLength()];
        int i = 0;
        foreach (var item in array.EnumerateArray())
        {
            values[i] = item.ValueKind switch
            {
                JsonValueKind.Number => item.GetDouble(),
                JsonValueKind.Null => double.NaN,
                _ => throw new InvalidDataException($"{path}: {name}[{i}] must be a number or null, found {item.GetRawText()}."),
            };
            i++;
        }
        return values;
    }
}
