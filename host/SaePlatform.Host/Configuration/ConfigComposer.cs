using SaePlatform.Host.Configuration.Tree;

namespace SaePlatform.Host.Configuration;

/// <summary>
/// Reads a run config with its <c>extends</c> chain (bases merged first, recursively, later wins) and applies
/// <c>--set</c> overrides. Collects problems instead of stopping at the first.
/// </summary>
internal static class ConfigComposer
{
    /// <summary>The key naming base files.</summary>
    public const string ExtendsKey = "extends";

    /// <summary>Composes <paramref name="configPath"/> (YAML, or JSON by extension) and <paramref name="overrides"/> (<c>a.b=value</c>).</summary>
    public static ComposedConfig Compose(string configPath, IReadOnlyList<string>? overrides = null)
    {
        var fullPath = Path.GetFullPath(configPath);
        var errors = new List<ConfigError>();
        var state = new CompositionState(errors);
        ConfigMap root;
        if (!File.Exists(fullPath))
        {
            errors.Add(new ConfigError(null, "", $"config file '{configPath}' not found (looked for {fullPath})"));
            state.Incomplete = true;
            root = new ConfigMap(SourceLocation.StartOf(fullPath));
        }
        else
        {
            root = Load(fullPath, [], state) ?? new ConfigMap(SourceLocation.StartOf(fullPath));
        }
        foreach (var text in overrides ?? [])
            ConfigOverride.Parse(text, errors)?.ApplyTo(root, errors);
        return new ComposedConfig(root, fullPath, errors, state.Incomplete);
    }

    private static ConfigMap? Load(string fullPath, List<string> chain, CompositionState state)
    {
        var node = YamlTreeReader.ReadFile(fullPath, state.Errors);
        if (node is null)
        {
            state.Incomplete = true;
            return null;
        }
        if (node is not ConfigMap map)
        {
            state.Errors.Add(new ConfigError(node.Location, "", $"expected a map of sections (run, data, architecture, ...), got {node.Describe()}"));
            state.Incomplete = true;
            return null;
        }
        chain.Add(fullPath);
        ConfigNode merged = new ConfigMap(map.Location);
        foreach (var (basePath, location) in BaseFiles(map, state.Errors))
        {
            var baseFull = Path.GetFullPath(Path.Combine(location.BaseDirectory, basePath));
            if (chain.Contains(baseFull, StringComparer.Ordinal))
            {
                var cycle = chain.SkipWhile(p => p != baseFull).Append(baseFull).Select(Path.GetFileName);
                state.Errors.Add(new ConfigError(location, ExtendsKey, "cycle: " + string.Join(" -> ", cycle)));
                continue;
            }
            if (!File.Exists(baseFull))
            {
                state.Errors.Add(new ConfigError(location, ExtendsKey, $"base config '{basePath}' not found (looked for {baseFull})"));
                state.Incomplete = true;
                continue;
            }
            if (Load(baseFull, chain, state) is { } baseMap) merged = ConfigTreeMerger.Merge(merged, baseMap);
        }
        chain.RemoveAt(chain.Count - 1);
        map.Remove(ExtendsKey);
        return (ConfigMap)ConfigTreeMerger.Merge(merged, map);
    }

    private static List<(string Path, SourceLocation Location)> BaseFiles(ConfigMap map, List<ConfigError> errors)
    {
        var result = new List<(string, SourceLocation)>();
        switch (map.Get(ExtendsKey))
        {
            case null or ConfigScalar { IsNull: true }:
                break;
            case ConfigScalar scalar:
                result.Add((scalar.Value!, scalar.Location));
                break;
            case ConfigList list:
                foreach (var item in list.Items)
                {
                    if (item is ConfigScalar { Value: { } text }) result.Add((text, item.Location));
                    else errors.Add(new ConfigError(item.Location, ExtendsKey, $"expected a file name, got {item.Describe()}"));
                }
                break;
            case var other:
                errors.Add(new ConfigError(other.Location, ExtendsKey, $"expected a file name or a list of file names, got {other.Describe()}"));
                break;
        }
        return result;
    }

    private sealed class CompositionState(List<ConfigError> errors)
    {
        public List<ConfigError> Errors { get; } = errors;
        public bool Incomplete { get; set; }
    }
}
