using Microsoft.Extensions.Logging;
using SaePlatform.Host.Configuration;
using SaePlatform.Host.Plan.Sweeps;
using SaePlatform.Host.Plugins;

namespace SaePlatform.Host.Plan;

/// <summary>
/// The one path from a config file to a plan: compose it (<c>extends</c>, <c>--set</c>), read <c>plugins.paths</c>,
/// load the plugins (the host's own plus those folders), report each plugin that did not load as a warning, and
/// build the plan against what loaded. Used by <c>sae train</c>, <c>eval</c>, <c>plot</c> and <c>encode</c>.
/// </summary>
/// <param name="loadPlugins">Loads the host's plugins plus the given extra folders (tests pass a prepared catalog).</param>
/// <param name="log">Where plugins that did not load are reported.</param>
internal sealed class RunPlanLoader(Func<IReadOnlyList<string>, PluginCatalog> loadPlugins, ILogger log)
{
    /// <summary>A loader over <paramref name="loader"/> and the host's plugin folders.</summary>
    public RunPlanLoader(PluginLoader loader, ILogger log)
        : this(extraRoots => loader.Load(PluginRoots.ForHost(extraRoots)), log)
    {
    }

    /// <summary>Composes <paramref name="configPath"/>, loads its plugins and builds the full plan.</summary>
    /// <exception cref="ConfigException">The config cannot be composed or does not validate; all problems are reported.</exception>
    /// <exception cref="ConfigException">
    /// Also when the config splits into runs with their own settings (a sweep, <c>{model}</c>/<c>{layer}</c> placeholders with
    /// several models or layers): that needs <see cref="LoadRuns"/>.
    /// </exception>
    public (PluginCatalog Catalog, RunPlan Plan) Load(string configPath, IReadOnlyList<string> overrides)
    {
        var (catalog, runs) = LoadRuns(configPath, overrides);
        if (runs.Units.Count == 1) return (catalog, runs.Units[0].Plan);
        throw new ConfigException([new ConfigError(null, "",
            $"{configPath} describes {runs.Units.Count} runs with their own settings (a sweep or {{model}}/{{layer}} placeholders); " +
            "this command takes one: select it with --set run.layer=... (and the swept keys)")]);
    }

    /// <summary>Composes <paramref name="configPath"/>, loads its plugins and validates every run it describes (<see cref="RunSetBuilder"/>).</summary>
    /// <exception cref="ConfigException">Any problem in any run; all are reported.</exception>
    public (PluginCatalog Catalog, RunSet Runs) LoadRuns(string configPath, IReadOnlyList<string> overrides)
    {
        var composed = ConfigComposer.Compose(configPath, overrides);
        var catalog = loadPlugins(PluginPathsReader.Read(composed));
        WarnAboutNotLoaded(catalog);
        return (catalog, RunSetBuilder.Build(composed, new RunPlanBuilder(catalog)));
    }

    /// <summary>
    /// What <c>sae plot --config</c> reads (<see cref="RunPlanBuilder.BuildForPlotting"/>); plugins that did not load
    /// are reported once the sections read are valid.
    /// </summary>
    /// <exception cref="ConfigException">The config cannot be composed, or a section read is invalid.</exception>
    public PlottingPlan LoadForPlotting(string configPath, IReadOnlyList<string> overrides)
    {
        var composed = ConfigComposer.Compose(configPath, overrides);
        var catalog = loadPlugins(PluginPathsReader.Read(composed));
        var (visualizers, pluginPaths, seed) = new RunPlanBuilder(catalog).BuildForPlotting(composed);
        WarnAboutNotLoaded(catalog);
        return new PlottingPlan(catalog, visualizers, pluginPaths, seed, Path.GetDirectoryName(composed.ConfigPath)!);
    }

    /// <summary>The host's own plugins only (no config), with those that did not load reported.</summary>
    public PluginCatalog LoadWithoutConfig()
    {
        var catalog = loadPlugins([]);
        WarnAboutNotLoaded(catalog);
        return catalog;
    }

    private void WarnAboutNotLoaded(PluginCatalog catalog)
    {
        foreach (var failed in catalog.NotLoaded) log.PluginNotLoaded(failed.Message);
    }
}

/// <summary>What plotting takes from a config: the loaded plugins, the visualizer entries and where they run.</summary>
/// <param name="Visualizers">The configured entries; null for the default set.</param>
internal sealed record PlottingPlan(PluginCatalog Catalog, IReadOnlyList<GuardedComponentSpec>? Visualizers, IReadOnlyList<string> PluginPaths,
    int Seed, string ConfigDirectory);
