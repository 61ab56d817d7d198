using System.Reflection;
using SaePlatform.Contracts.Architectures;
using SaePlatform.Host.Configuration;
using SaePlatform.Host.Configuration.Binding;
using SaePlatform.Host.Configuration.Sections;
using SaePlatform.Host.Configuration.Tree;

namespace SaePlatform.Host.Plan;

/// <summary>
/// The <c>training</c> defaults an architecture declares with <see cref="TrainingDefaultAttribute"/>: filled into the
/// training section for each key the config leaves unset (under its name or an alias), before the section is bound,
/// so they are parsed, range-checked and recorded in the resolved config like written values.
/// </summary>
internal static class ArchitectureTrainingDefaults
{
    /// <summary>The defaults declared by an architecture's implementation type, in declaration order.</summary>
    public static IReadOnlyList<TrainingDefaultAttribute> Of(Type architectureType) =>
        architectureType.GetCustomAttributes<TrainingDefaultAttribute>(inherit: false).ToList();

    /// <summary>
    /// <paramref name="root"/> with the architecture's defaults filled into <c>training</c> (a copy; <paramref name="root"/>
    /// itself is unchanged), or <paramref name="root"/> when there is nothing to fill. A default naming no training key
    /// is an error at the architecture's <c>type</c> (a plugin bug, reported with the plugin's id).
    /// </summary>
    public static ConfigMap Apply(ConfigMap root, ComponentSlot? architecture, List<ConfigError> errors)
    {
        if (architecture is null) return root;
        var defaults = Of(architecture.Descriptor.ImplementationType);
        if (defaults.Count == 0) return root;
        if (root.Get(ConfigSections.Training) is not (null or ConfigMap or ConfigScalar { IsNull: true })) return root; // reported when bound

        var schema = OptionsSchema.For(typeof(TrainingOptions));
        var written = root.Get(ConfigSections.Training) as ConfigMap;
        var origin = new SourceLocation($"default of architecture '{architecture.Descriptor.Id}'", 0, 0, Directory.GetCurrentDirectory());
        ConfigMap? training = null;
        foreach (var d in defaults)
        {
            var property = schema.Find(d.Key);
            if (property is null || property.Key != d.Key)
            {
                errors.Add(new ConfigError(architecture.Location, "architecture.type",
                    $"architecture '{architecture.Descriptor.Id}' (plugin {architecture.Descriptor.PluginId}) declares a default for " +
                    $"unknown training key '{d.Key}'{ClosestName.Suffix(d.Key, schema.Properties.Select(p => p.Key))}"));
                continue;
            }
            if (written is not null && property.Aliases.Prepend(property.Key).Any(k => written.Find(k) is not null)) continue;
            training ??= (ConfigMap?)written?.Clone() ?? new ConfigMap(origin);
            training.Set(d.Key, origin, ConfigScalar.FromYaml(d.Value, false, origin));
        }
        if (training is null) return root;
        var copy = (ConfigMap)root.Clone();
        copy.Set("training", root.Find(ConfigSections.Training)?.KeyLocation ?? origin, training);
        return copy;
    }
}
