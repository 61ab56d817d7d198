using SaePlatform.Host.Configuration;
using SaePlatform.Host.Configuration.Sections;
using SaePlatform.Host.Configuration.Tree;

namespace SaePlatform.Host.Plan.Sweeps;

/// <summary>
/// The <c>sweep</c> section: <c>grid</c> (every combination of the listed values, first key outermost) and/or
/// <c>points</c> (a list of maps, each one combination; "zipped"). With both, every point is crossed with the grid.
/// Keys are dotted config keys (<c>architecture.k</c>, <c>training.lr</c>); run names come from the last segment of
/// each key and the value as written (<c>k=32_lr=3e-4</c>), the whole key when two keys share a last segment.
/// </summary>
internal static class SweepSection
{
    /// <summary>The section name.</summary>
    public const string Key = "sweep";

    /// <summary>The grid key.</summary>
    public const string GridKey = "grid";

    /// <summary>The zipped points key.</summary>
    public const string PointsKey = "points";

    private static readonly string[] RunKeysNotSwept = ["run.model", "run.models", "run.layer", "run.layers", "run.output_dir"];

    /// <summary>The points of <paramref name="node"/> (the <c>sweep</c> value); problems go to <paramref name="errors"/>.</summary>
    public static IReadOnlyList<SweepPoint> Read(ConfigNode node, List<ConfigError> errors)
    {
        if (node is not ConfigMap map)
        {
            errors.Add(new ConfigError(node.Location, Key, $"expected a map with '{GridKey}' and/or '{PointsKey}', got {node.Describe()}"));
            return [];
        }
        foreach (var entry in map.Entries)
            if (entry.Key is not (GridKey or PointsKey))
                errors.Add(new ConfigError(entry.KeyLocation, $"{Key}.{entry.Key}",
                    $"unknown key '{entry.Key}'{ClosestName.Suffix(entry.Key, [GridKey, PointsKey])}; a sweep has '{GridKey}' (every combination) and/or '{PointsKey}' (a list of combinations)"));
        var zipped = ReadPoints(map.Get(PointsKey), errors);
        var grid = ReadGrid(map.Get(GridKey), errors);
        if (zipped is null && grid is null)
        {
            errors.Add(new ConfigError(map.Location, Key, $"empty sweep: give '{GridKey}: {{architecture.k: [16, 32]}}' and/or '{PointsKey}: [{{architecture.k: 16, training.lr: 1e-3}}, ...]'"));
            return [];
        }
        var combos = zipped ?? [[]];
        foreach (var (key, values) in grid ?? [])
            combos = [.. combos.SelectMany(c => values.Select(v => (List<SweptValue>)[.. c, v]))];
        var points = Named(combos);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < points.Count; i++)
        {
            if (seen.TryGetValue(points[i].Name, out var first))
                errors.Add(new ConfigError(map.Location, Key, $"points {first} and {i} have the same values ({points[i].Name}); every point must differ"));
            else seen[points[i].Name] = i;
        }
        return points;
    }

    private static List<List<SweptValue>>? ReadPoints(ConfigNode? node, List<ConfigError> errors)
    {
        if (node is null or ConfigScalar { IsNull: true }) return null;
        if (node is not ConfigList list || list.Items.Count == 0)
        {
            errors.Add(new ConfigError(node.Location, $"{Key}.{PointsKey}", $"expected a non-empty list of maps such as {{architecture.k: 16, training.lr: 1e-3}}, got {node.Describe()}"));
            return [];
        }
        var result = new List<List<SweptValue>>();
        for (var i = 0; i < list.Items.Count; i++)
        {
            var path = $"{Key}.{PointsKey}[{i}]";
            if (list.Items[i] is not ConfigMap point || point.Count == 0)
            {
                errors.Add(new ConfigError(list.Items[i].Location, path, $"expected a map of config keys to values, got {list.Items[i].Describe()}"));
                continue;
            }
            var values = new List<SweptValue>();
            foreach (var entry in point.Entries)
                if (CheckKey(entry.Key, entry.KeyLocation, path, errors)) values.Add(new SweptValue(entry.Key, entry.Value, Text(entry.Value)));
            result.Add(values);
        }
        return result;
    }

    private static List<(string Key, List<SweptValue> Values)>? ReadGrid(ConfigNode? node, List<ConfigError> errors)
    {
        if (node is null or ConfigScalar { IsNull: true }) return null;
        var path = $"{Key}.{GridKey}";
        if (node is not ConfigMap map || map.Count == 0)
        {
            errors.Add(new ConfigError(node.Location, path, $"expected a map of config keys to lists of values, such as {{architecture.k: [16, 32, 64]}}, got {node.Describe()}"));
            return [];
        }
        var result = new List<(string, List<SweptValue>)>();
        foreach (var entry in map.Entries)
        {
            if (!CheckKey(entry.Key, entry.KeyLocation, path, errors)) continue;
            if (entry.Value is not ConfigList values || values.Items.Count == 0)
            {
                errors.Add(new ConfigError(entry.Value.Location, $"{path}.{entry.Key}", $"expected a non-empty list of values, got {entry.Value.Describe()}"));
                continue;
            }
            result.Add((entry.Key, [.. values.Items.Select(v => new SweptValue(entry.Key, v, Text(v)))]));
        }
        return result;
    }

    private static bool CheckKey(string key, SourceLocation location, string path, List<ConfigError> errors)
    {
        var segments = key.Split('.');
        if (segments.Length < 2 || Array.Exists(segments, s => s.Length == 0) || !ConfigSections.All.Contains(segments[0]))
        {
            errors.Add(new ConfigError(location, $"{path}.{key}",
                $"'{key}' is not a config key: write the section and the key, e.g. architecture.k or training.lr (sections: {string.Join(", ", ConfigSections.All)})"));
            return false;
        }
        if (RunKeysNotSwept.Contains(key, StringComparer.Ordinal))
        {
            errors.Add(new ConfigError(location, $"{path}.{key}", $"'{key}' cannot be swept: list the models and layers under run.models and run.layers, which every point is crossed with"));
            return false;
        }
        return true;
    }

    // The value as written: a scalar's text, a list or map in flow style.
    private static string Text(ConfigNode node) => node switch
    {
        ConfigScalar { Value: null } => "null",
        ConfigScalar scalar => scalar.Value!,
        ConfigList list => "[" + string.Join(",", list.Items.Select(Text)) + "]",
        ConfigMap map => "{" + string.Join(",", map.Entries.Select(e => e.Key + ":" + Text(e.Value))) + "}",
        _ => node.Describe(),
    };

    private static List<SweepPoint> Named(List<List<SweptValue>> combos)
    {
        var keys = combos.SelectMany(c => c.Select(v => v.Key)).Distinct(StringComparer.Ordinal).ToList();
        var shortNames = keys.ToDictionary(k => k, k => ShortName(k, keys), StringComparer.Ordinal);
        return [.. combos.Select(c => new SweepPoint(SafeName(string.Join("_", c.Select(v => shortNames[v.Key] + "=" + v.Text))), c))];
    }

    /// <summary>The last segment of <paramref name="key"/>, or the whole key when another key of the sweep has the same last segment.</summary>
    public static string ShortName(string key, IReadOnlyCollection<string> keys)
    {
        var last = key[(key.LastIndexOf('.') + 1)..];
        return keys.Count(k => k[(k.LastIndexOf('.') + 1)..] == last) > 1 ? key : last;
    }

    /// <summary>Placeholder values of a point: <c>sweep.&lt;key&gt;</c> for every key, and <c>sweep.&lt;short name&gt;</c>.</summary>
    public static Dictionary<string, string> Placeholders(SweepPoint point)
    {
        var keys = point.Values.Select(v => v.Key).ToList();
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in point.Values)
        {
            result[Configuration.ConfigPlaceholders.SweepPrefix + value.Key] = value.Text;
            result.TryAdd(Configuration.ConfigPlaceholders.SweepPrefix + ShortName(value.Key, keys), value.Text);
        }
        return result;
    }

    // A portable folder name: FileNames.ForFolder's characters plus the '=' and ',' of the values.
    private static string SafeName(string name)
    {
        var kept = new string([.. name.Trim().Select(c => char.IsAsciiLetterOrDigit(c) || c is '=' or ',' or '.' or '-' or '_' ? c : '-')]);
        return kept is "" or "." or ".." ? "_" : kept;
    }
}
