using SaePlatform.Host.Configuration;
using SaePlatform.Host.Configuration.Binding;
using SaePlatform.Host.Configuration.Sections;

namespace SaePlatform.Host.Plan;

/// <summary>
/// The pre-pass run before plugins are loaded: reads only <c>plugins.paths</c> (after <c>extends</c> and
/// <c>--set</c>), so the loader can be pointed at extra folders before components are validated.
/// </summary>
internal static class PluginPathsReader
{
    /// <summary>Absolute extra plugin folders of <paramref name="config"/>.</summary>
    /// <exception cref="ConfigException">The config could not be composed (unreadable file, syntax, bad
    /// <c>--set</c>), or <c>plugins</c> is malformed or names a missing folder. Other sections are not looked at.</exception>
    public static IReadOnlyList<string> Read(ComposedConfig config)
    {
        var errors = new List<ConfigError>(config.Errors);
        var section = (PluginsSection)RunPlanBuilder.BindSection(new OptionsBinder(errors), config.Root, ConfigSections.Plugins, typeof(PluginsSection));
        if (errors.Count > 0) throw new ConfigException(errors);
        return section.Paths;
    }

    /// <summary>Composes <paramref name="configPath"/> with <paramref name="overrides"/> and reads its plugin folders.</summary>
    /// <exception cref="ConfigException">See <see cref="Read(ComposedConfig)"/>.</exception>
    public static IReadOnlyList<string> Read(string configPath, IReadOnlyList<string>? overrides = null) =>
        Read(ConfigComposer.Compose(configPath, overrides));
}
