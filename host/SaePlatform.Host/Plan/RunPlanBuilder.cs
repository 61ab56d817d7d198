using SaePlatform.Contracts.Components;
using SaePlatform.Host.Configuration;
using SaePlatform.Host.Configuration.Binding;
using SaePlatform.Host.Configuration.Sections;
using SaePlatform.Host.Configuration.Tree;
using SaePlatform.Host.Plugins;
using SaePlatform.Host.Plugins.Components;

namespace SaePlatform.Host.Plan;

/// <summary>
/// Turns a composed config into a <see cref="RunPlan"/>: binds the fixed sections and every component slot
/// against the <see cref="ComponentRegistry"/>, and validates it all before anything is trained.
/// </summary>
internal sealed class RunPlanBuilder(ComponentRegistry registry, Func<ComponentKind, string, string?>? whyUnavailable = null)
{
    /// <summary>A builder that, for a component no loaded plugin provides, asks the catalog which plugin failed to load it and why.</summary>
    public RunPlanBuilder(Plugins.PluginCatalog catalog)
        : this(catalog.Registry, (kind, id) => Unavailable(catalog, kind, id))
    {
    }

    private const string TypeKey = ConfigSections.TypeKey;
    private static IReadOnlyList<string> Sections => ConfigSections.All;

    /// <summary>Builds the plan.</summary>
    /// <exception cref="ConfigException">Any problem in the config, including those found while composing it; all are reported.</exception>
    public RunPlan Build(ComposedConfig config)
    {
        // A file that could not be read leaves sections looking missing; report only what is certain.
        if (config.Incomplete) throw new ConfigException(config.Errors);
        var errors = new List<ConfigError>(config.Errors);
        var binder = new OptionsBinder(errors);
        var root = config.Root;
        ReportUnknownSections(root, errors);

        var run = (RunSection)BindSection(binder, root, ConfigSections.Run, typeof(RunSection));
        run.OutputDir = Path.GetFullPath(run.OutputDir);
        var data = BindSlot(binder, root, ConfigSections.Data, ComponentKind.DataSource, required: true);
        var architecture = BindSlot(binder, root, ConfigSections.Architecture, ComponentKind.Architecture, required: true, ArchitectureItems(root));
        var penalty = BindSlot(binder, root, ConfigSections.Penalty, ComponentKind.Penalty, required: false);
        var training = (TrainingOptions)BindSection(binder, ArchitectureTrainingDefaults.Apply(root, architecture, errors), ConfigSections.Training, typeof(TrainingOptions));
        var visualizers = BindGuardedList(binder, root, ConfigSections.Visualizers, ComponentKind.Visualizer);
        var observers = BindGuardedList(binder, root, ConfigSections.Observers, ComponentKind.Observer) ?? [];
        var plugins = (PluginsSection)BindSection(binder, root, ConfigSections.Plugins, typeof(PluginsSection));

        if (architecture is not null) DeadFeatureRemedyCheck.Check(root, architecture, training, errors);
        if (errors.Count > 0) throw new ConfigException(errors);
        var runs = new List<RunTarget>();
        foreach (var model in run.ModelNames())
        foreach (var layer in run.LayerNames())
            runs.Add(new RunTarget(model, layer, run.Seed, run.OutputDir));
        CheckOutputFolders(root, runs, errors);
        if (errors.Count > 0) throw new ConfigException(errors);
        return new RunPlan(config.ConfigPath, run, runs, data!, architecture!, penalty, training, visualizers, observers, plugins.Paths);
    }

    /// <summary>
    /// Only what plotting reads (<c>sae plot --config</c>): the <c>visualizers</c> list, <c>plugins.paths</c> and
    /// <c>run.seed</c>. The other sections may be absent or incomplete (they are not read), so a file holding just a
    /// visualizers list works; unknown sections and bad values in the sections read are still errors.
    /// </summary>
    /// <exception cref="ConfigException">Any problem in the sections read; all are reported.</exception>
    public (IReadOnlyList<GuardedComponentSpec>? Visualizers, IReadOnlyList<string> PluginPaths, int Seed) BuildForPlotting(ComposedConfig config)
    {
        if (config.Incomplete) throw new ConfigException(config.Errors);
        var errors = new List<ConfigError>(config.Errors);
        var binder = new OptionsBinder(errors);
        var root = config.Root;
        ReportUnknownSections(root, errors);
        int seed = new RunSection().Seed;
        if (root.Get(ConfigSections.Run) is ConfigMap run && run.Get("seed") is ConfigScalar { IsNull: false } text)
        {
            if (binder.TryReadValue(text, typeof(int), false, "run.seed", out var value)) seed = (int)value!;
        }
        var visualizers = BindGuardedList(binder, root, ConfigSections.Visualizers, ComponentKind.Visualizer);
        var plugins = (PluginsSection)BindSection(binder, root, ConfigSections.Plugins, typeof(PluginsSection));
        if (errors.Count > 0) throw new ConfigException(errors);
        return (visualizers, plugins.Paths, seed);
    }

    private static void ReportUnknownSections(ConfigMap root, List<ConfigError> errors)
    {
        foreach (var entry in root.Entries)
            if (!Sections.Contains(entry.Key) && entry.Key != Sweeps.SweepSection.Key)
                errors.Add(new ConfigError(entry.KeyLocation, entry.Key,
                    $"unknown section '{entry.Key}'{ClosestName.Suffix(entry.Key, Sections)}; sections are {string.Join(", ", Sections)}"));
    }

    // A file where a run's folder must go fails every run at its first write; say so now, at run.output_dir.
    private static void CheckOutputFolders(ConfigMap root, List<RunTarget> runs, List<ConfigError> errors)
    {
        var runSection = root.Find(ConfigSections.Run);
        var location = (runSection?.Value as ConfigMap)?.Find("output_dir")?.Value.Location ?? runSection?.KeyLocation ?? root.Location;
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var target in runs)
        {
            foreach (var folder in new[] { target.ModelDirectory, Path.Combine(target.ModelDirectory, target.LayerFileStem) })
            {
                var file = FirstFileOnPath(folder);
                if (file is null || !reported.Add(file)) continue;
                errors.Add(new ConfigError(location, "run.output_dir",
                    file == Path.GetFullPath(target.OutputRoot)
                        ? $"'{file}' is an existing file, not a folder; choose a folder (it is created when missing)"
                        : $"the run's folder {folder} cannot be created: '{file}' is an existing file"));
            }
        }
    }

    // The first existing file among the folder and its ancestors, or null.
    private static string? FirstFileOnPath(string folder)
    {
        for (var path = Path.GetFullPath(folder); !string.IsNullOrEmpty(path); path = Path.GetDirectoryName(path))
        {
            if (Directory.Exists(path)) return null;
            if (File.Exists(path)) return Path.TrimEndingDirectorySeparator(path);
        }
        return null;
    }

    /// <summary>Binds a fixed section (absent: all defaults). Also used by the plugin-path pre-pass.</summary>
    public static object BindSection(OptionsBinder binder, ConfigMap root, string key, Type type)
    {
        var entry = root.Find(key);
        switch (entry?.Value)
        {
            case null or ConfigScalar { IsNull: true }:
                return binder.BindObject(type, null, key, entry?.KeyLocation ?? root.Location);
            case ConfigMap map:
                return binder.BindObject(type, map, key, map.Location);
            case var other:
                binder.Errors.Add(new ConfigError(other.Location, key, $"expected a map of settings, got {other.Describe()}"));
                return Activator.CreateInstance(type)!;
        }
    }

    // Facts about the rest of the config that an architecture's options may check (a penalty next to structural sparsity).
    private static Dictionary<object, object?> ArchitectureItems(ConfigMap root)
    {
        var items = new Dictionary<object, object?>();
        var penalty = root.Get(ConfigSections.Penalty);
        var id = penalty is ConfigMap map ? map.Get(TypeKey) as ConfigScalar : penalty as ConfigScalar;
        if (id is { IsNull: false, Value: { Length: > 0 } name }) items[SaePlatform.Contracts.Architectures.SaeArchitectureOptions.PenaltyItem] = name;
        return items;
    }

    private ComponentSlot? BindSlot(OptionsBinder binder, ConfigMap root, string key, ComponentKind kind, bool required,
        IDictionary<object, object?>? items = null)
    {
        var entry = root.Find(key);
        if (entry is null || entry.Value is ConfigScalar { IsNull: true })
        {
            if (required)
                binder.Errors.Add(new ConfigError(entry?.KeyLocation ?? root.Location, key,
                    $"required section is missing: name the {KindName(kind)} with '{key}: {{type: ..., ...}}'{Available(kind)}"));
            return null;
        }
        return BindComponent(binder, entry.Value, key, kind, ConfigSections.SlotReservedKeys, items);
    }

    private ComponentSlot? BindComponent(OptionsBinder binder, ConfigNode node, string path, ComponentKind kind, IReadOnlyCollection<string> reserved,
        IDictionary<object, object?>? items = null)
    {
        // `penalty: l1` is shorthand for `penalty: {type: l1}`.
        var map = node as ConfigMap;
        var typeNode = node is ConfigScalar ? node : map?.Get(TypeKey);
        if (node is ConfigList)
        {
            binder.Errors.Add(new ConfigError(node.Location, path, $"expected a map with 'type' naming the {KindName(kind)}, got a list"));
            return null;
        }
        if (typeNode is not ConfigScalar { Value: { } id })
        {
            var problem = typeNode is null ? $"missing '{TypeKey}'" : $"'{TypeKey}' must be a name, got {typeNode.Describe()}";
            binder.Errors.Add(new ConfigError(typeNode?.Location ?? node.Location, OptionsBinder.Join(path, TypeKey),
                $"{problem}: name the {KindName(kind)}{Available(kind)}"));
            return null;
        }
        var descriptor = registry.Find(kind, id);
        if (descriptor is null && whyUnavailable?.Invoke(kind, id) is { } reason)
        {
            binder.Errors.Add(new ConfigError(typeNode.Location, OptionsBinder.Join(path, TypeKey), $"{KindName(kind)} '{id}' is not available: {reason}"));
            return null;
        }
        if (descriptor is null)
        {
            var ids = registry.IdsOf(kind);
            binder.Errors.Add(new ConfigError(typeNode.Location, OptionsBinder.Join(path, TypeKey),
                $"unknown {KindName(kind)} '{id}'{ClosestName.Suffix(id, ids)}{Available(kind)}"));
            return null;
        }
        object? options = null;
        IReadOnlyDictionary<string, SourceLocation> locations = new Dictionary<string, SourceLocation>();
        if (descriptor.OptionsType is { } optionsType)
            options = binder.BindObject(optionsType, map, path, node.Location, reserved, out locations, items);
        else
            foreach (var entry in map?.Entries ?? [])
                if (!reserved.Contains(entry.Key))
                    binder.Errors.Add(new ConfigError(entry.KeyLocation, OptionsBinder.Join(path, entry.Key),
                        $"unknown key '{entry.Key}': {KindName(kind)} '{descriptor.Id}' takes no options"));
        return new ComponentSlot(kind, descriptor, options, path, node.Location) { OptionLocations = locations };
    }

    // Null when the key is absent or null, so that a caller can tell "not configured" (visualizers: the default
    // set) from an explicit empty list (none).
    private List<GuardedComponentSpec>? BindGuardedList(OptionsBinder binder, ConfigMap root, string key, ComponentKind kind)
    {
        var specs = new List<GuardedComponentSpec>();
        var node = root.Get(key);
        if (node is null or ConfigScalar { IsNull: true }) return null;
        if (node is not ConfigList list)
        {
            binder.Errors.Add(new ConfigError(node.Location, key, $"expected a list of {KindName(kind)}s, got {node.Describe()}"));
            return specs;
        }
        var withDefaults = false;
        for (var i = 0; i < list.Items.Count; i++)
        {
            var item = list.Items[i];
            var path = $"{key}[{i}]";
            if (kind == ComponentKind.Visualizer && item is ConfigScalar { Value: DefaultsEntry })
            {
                withDefaults = true;
                continue;
            }
            var slot = BindComponent(binder, item, path, kind, ConfigSections.GuardedReservedKeys);
            ComponentIsolation? isolation = null;
            double? timeout = null;
            if (item is ConfigMap map)
            {
                if (map.Get(ConfigSections.IsolationKey) is { } isolationNode
                    && binder.TryReadValue(isolationNode, typeof(ComponentIsolation?), true, path + "." + ConfigSections.IsolationKey, out var isolationValue))
                    isolation = (ComponentIsolation?)isolationValue;
                if (map.Get(ConfigSections.TimeoutSecondsKey) is { } timeoutNode
                    && binder.TryReadValue(timeoutNode, typeof(double?), true, path + "." + ConfigSections.TimeoutSecondsKey, out var timeoutValue))
                {
                    timeout = (double?)timeoutValue;
                    if (timeout is <= 0 or double.NaN)
                        binder.Errors.Add(new ConfigError(timeoutNode.Location, path + "." + ConfigSections.TimeoutSecondsKey, $"must be greater than 0, got {timeout}"));
                }
            }
            if (slot is not null) specs.Add(new GuardedComponentSpec(slot, isolation, timeout));
        }
        return withDefaults ? WithDefaultVisualizers(specs, list.Location) : specs;
    }

    /// <summary>A <c>visualizers</c> entry that stands for the default set, so that a list can add to it.</summary>
    public const string DefaultsEntry = "defaults";

    // 'defaults' in the visualizers list: the default set (in its order, with default options, those a plugin provides)
    // followed by the listed entries; a listed type replaces the default of the same type (to change its options).
    private List<GuardedComponentSpec> WithDefaultVisualizers(List<GuardedComponentSpec> listed, SourceLocation location)
    {
        var result = new List<GuardedComponentSpec>();
        foreach (var id in DefaultVisualizers.Ids)
        {
            if (registry.Find(ComponentKind.Visualizer, id) is not { } descriptor || listed.Exists(s => s.Component.Descriptor.Id == id)) continue;
            var options = descriptor.OptionsType is null ? null : Activator.CreateInstance(descriptor.OptionsType);
            result.Add(new GuardedComponentSpec(new ComponentSlot(ComponentKind.Visualizer, descriptor, options, $"visualizers.{id}", location), null, null));
        }
        result.AddRange(listed);
        return result;
    }

    // The plugin whose plugin.json declares the component and did not load, with its reason; else, when any plugin
    // failed, a pointer to those failures (one of them may be the provider even if its manifest could not be read).
    private static string? Unavailable(Plugins.PluginCatalog catalog, ComponentKind kind, string id)
    {
        if (catalog.WhyUnavailable(kind, id) is { } failed)
            return $"it is provided by {failed.Label}, which did not load: {failed.Reason}";
        if (catalog.Registry.Find(kind, id) is not null) return null;
        var unreadable = catalog.NotLoaded.Where(p => p.Manifest is null && p.Status == Plugins.PluginLoadStatus.Failed && Directory.Exists(p.Folder)).ToList();
        if (unreadable.Count == 0) return null;
        return $"no loaded plugin provides it, and {unreadable.Count} plugin folder(s) could not be read, so one of them may: " +
               string.Join("; ", unreadable.Select(p => p.Message));
    }

    private string Available(ComponentKind kind)
    {
        var ids = registry.IdsOf(kind);
        return ids.Count == 0
            ? $"; no {KindName(kind)} is loaded (check the plugin folders and plugins.paths)"
            : $"; available: {string.Join(", ", ids)}";
    }

    private static string KindName(ComponentKind kind) => ComponentKindNames.DisplayName(kind);
}
