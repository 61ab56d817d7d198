using System.Reflection;
using Microsoft.Extensions.Logging;
using SaePlatform.Contracts;
using SaePlatform.Host.Plugins.Components;

namespace SaePlatform.Host.Plugins;

/// <summary>
/// Discovers plugin folders, loads each into its own <see cref="PluginLoadContext"/> and registers its
/// components. A bad plugin never stops the others: every problem becomes a <see cref="PluginLoadResult"/>.
/// </summary>
/// <remarks>
/// Rules, in order, for each folder:
/// <list type="number">
/// <item>plugin.json must read (<see cref="PluginManifestReader"/>); a plugin id seen in an earlier folder is <see cref="PluginLoadStatus.Skipped"/>.</item>
/// <item><c>contractsVersion</c> must be at most <see cref="ContractsApi.Version"/>.</item>
/// <item>The entry assembly must exist and its exported types load.</item>
/// <item>Every component class must implement its kind's interface and have an allowed constructor.</item>
/// <item>Every component declared in plugin.json must exist in the assembly (a plugin that promises a
/// component it lacks fails); a component found but not declared is registered with a warning.</item>
/// <item>Each component is constructed once with default options (<see cref="ComponentProbe"/>), except in
/// plugins with <c>isolation: process</c>, whose code should not run in the host; a constructor that throws
/// fails the plugin.</item>
/// </list>
/// Any failure above registers nothing from the plugin. A component whose kind and id an earlier plugin
/// already registered is skipped with a warning naming both plugins; the rest of the plugin loads.
/// </remarks>
internal sealed class PluginLoader(ILogger<PluginLoader> logger)
{
    /// <summary>Loads every plugin under <paramref name="roots"/> (see <see cref="PluginRoots"/>), in order.</summary>
    public PluginCatalog Load(IEnumerable<PluginRoot> roots)
    {
        var rootList = roots.ToList();
        foreach (var root in rootList) logger.SearchingRoot(root.Path, root.Source);

        var registry = new ComponentRegistry();
        var results = new List<PluginLoadResult>();
        var (candidates, missingRoots) = PluginDiscovery.Find(rootList);
        foreach (var root in missingRoots)
            results.Add(Report(PluginLoadResult.NotLoaded(root.Path, PluginLoadStatus.Failed, $"folder does not exist (listed in {root.Source})")));

        var loadedFolders = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var candidate in candidates)
            results.Add(Report(LoadOne(candidate.Folder, registry, loadedFolders)));
        // One line at Information; each plugin's folder and count at Debug (-v); failures and warnings in full above.
        var loaded = results.Where(r => r.Status == PluginLoadStatus.Loaded).ToList();
        logger.PluginsLoaded(loaded.Count, loaded.Sum(r => r.Components.Count));
        return new PluginCatalog(results, registry);
    }

    private PluginLoadResult LoadOne(string folder, ComponentRegistry registry, Dictionary<string, string> loadedFolders)
    {
        PluginManifest manifest;
        try
        {
            manifest = PluginManifestReader.Read(Path.Combine(folder, PluginManifest.FileName));
        }
        catch (PluginManifestException e)
        {
            return PluginLoadResult.NotLoaded(folder, PluginLoadStatus.Failed, $"{PluginManifest.FileName}: {e.Problem}");
        }

        if (loadedFolders.TryGetValue(manifest.Id, out var firstFolder))
            return PluginLoadResult.NotLoaded(folder, PluginLoadStatus.Skipped,
                $"a plugin with id '{manifest.Id}' is already loaded from {firstFolder}; this copy is ignored", manifest);

        if (manifest.ContractsVersion > ContractsApi.Version)
            return PluginLoadResult.NotLoaded(folder, PluginLoadStatus.Failed,
                $"was built for contracts API v{manifest.ContractsVersion}, this host supports up to v{ContractsApi.Version}; " +
                $"rebuild it against SaePlatform.Contracts API v{ContractsApi.Version} or use a newer host", manifest);

        var entryPath = Path.Combine(folder, manifest.EntryAssembly);
        if (!File.Exists(entryPath))
            return PluginLoadResult.NotLoaded(folder, PluginLoadStatus.Failed,
                $"entry assembly {manifest.EntryAssembly} (named in {PluginManifest.FileName}) is not in the folder; is the plugin built?", manifest);

        Assembly assembly;
        try
        {
            assembly = new PluginLoadContext(manifest.Id, entryPath).LoadEntryAssembly();
        }
        catch (Exception e) when (e is FileLoadException or BadImageFormatException)
        {
            return PluginLoadResult.NotLoaded(folder, PluginLoadStatus.Failed,
                $"entry assembly {manifest.EntryAssembly} could not be loaded: {PluginErrorText.Describe(e)}", manifest);
        }

        ComponentScanner.Result scan;
        try
        {
            scan = ComponentScanner.Scan(assembly, manifest.Id);
        }
        catch (Exception e) when (e is ReflectionTypeLoadException or FileNotFoundException or FileLoadException
                                      or BadImageFormatException or TypeLoadException)
        {
            return PluginLoadResult.NotLoaded(folder, PluginLoadStatus.Failed, $"types could not be loaded: {PluginErrorText.DescribeTypeLoad(e)}", manifest);
        }

        var problems = new List<string>(scan.Problems);
        var warnings = new List<string>();
        CompareWithManifest(manifest, scan.Components, problems, warnings);
        if (problems.Count == 0 && manifest.Isolation != ComponentIsolation.Process)
            ProbeConstructors(manifest.Id, folder, scan.Components, problems);
        if (problems.Count > 0)
            return PluginLoadResult.NotLoaded(folder, PluginLoadStatus.Failed, string.Join("; ", problems), manifest);

        var registered = new List<ComponentDescriptor>();
        foreach (var component in scan.Components)
        {
            if (registry.TryAdd(component))
            {
                registered.Add(component);
                logger.ComponentRegistered(ComponentKindNames.ToName(component.Kind), component.Id, manifest.Id);
                continue;
            }
            var existing = registry.Find(component.Kind, component.Id)!;
            var label = $"{ComponentKindNames.ToName(component.Kind)} '{component.Id}'";
            warnings.Add($"{label} skipped: plugin '{existing.PluginId}' ({loadedFolders.GetValueOrDefault(existing.PluginId)}) already provides {label}");
        }
        if (scan.Components.Count == 0) warnings.Add("provides no components");

        loadedFolders[manifest.Id] = folder;
        return new PluginLoadResult(folder, manifest.Id, PluginLoadStatus.Loaded, null, manifest, registered, warnings);
    }

    private static void CompareWithManifest(PluginManifest manifest, IReadOnlyList<ComponentDescriptor> found, List<string> problems, List<string> warnings)
    {
        static bool Same(ComponentDescriptor c, ManifestComponent d) =>
            c.Kind == d.Kind && string.Equals(c.Id, d.Id, StringComparison.OrdinalIgnoreCase);

        foreach (var declared in manifest.Components)
        {
            if (!found.Any(c => Same(c, declared)))
                problems.Add($"{PluginManifest.FileName} declares {ComponentKindNames.ToName(declared.Kind)} '{declared.Id}' " +
                             $"but {manifest.EntryAssembly} has no usable public class with that component attribute");
        }
        foreach (var component in found)
        {
            if (!manifest.Components.Any(d => Same(component, d)))
                warnings.Add($"{ComponentKindNames.ToName(component.Kind)} '{component.Id}' ({component.ImplementationType.FullName}) " +
                             $"is not declared in {PluginManifest.FileName}; registered anyway");
        }
    }

    private void ProbeConstructors(string pluginId, string folder, IReadOnlyList<ComponentDescriptor> components, List<string> problems)
    {
        foreach (var component in components)
        {
            var outcome = ComponentProbe.Probe(component, folder);
            var label = $"{ComponentKindNames.ToName(component.Kind)} '{component.Id}' ({component.ImplementationType.FullName})";
            if (outcome.Problem is not null) problems.Add($"{label} {outcome.Problem}");
            else if (outcome.SkippedBecause is not null)
                logger.ComponentNotProbed(ComponentKindNames.ToName(component.Kind), component.Id, pluginId, outcome.SkippedBecause);
        }
    }

    private PluginLoadResult Report(PluginLoadResult result)
    {
        switch (result.Status)
        {
            case PluginLoadStatus.Loaded:
                logger.PluginLoaded(result.PluginId!, result.Manifest!.Version, result.Folder, result.Components.Count);
                foreach (var warning in result.Warnings) logger.PluginWarning(result.PluginId!, result.Folder, warning);
                break;
            case PluginLoadStatus.Skipped:
                logger.PluginSkipped(result.Message);
                break;
            default:
                logger.PluginFailed(result.Message);
                break;
        }
        return result;
    }
}
