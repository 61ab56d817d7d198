using SaePlatform.Contracts.Architectures;
using SaePlatform.Host.Configuration;
using SaePlatform.Host.Configuration.Sections;
using SaePlatform.Host.Configuration.Tree;
using SaePlatform.Host.Plugins.Components;

namespace SaePlatform.Host.Plan;

/// <summary>
/// training.ghost_grads and training.resample_every against the remedies the architecture declares
/// (<see cref="DeadFeatureRemediesAttribute"/>): a remedy it does not declare is a config error at the key.
/// </summary>
internal static class DeadFeatureRemedyCheck
{
    /// <summary>Adds an error for each remedy <paramref name="training"/> turns on that the architecture does not declare.</summary>
    public static void Check(ConfigMap root, ComponentSlot architecture, TrainingOptions training, List<ConfigError> errors)
    {
        var type = architecture.Descriptor.ImplementationType;
        if ((training.GhostGrads || training.ResampleEvery > 0) && RemedyDeclaration.MissingHooks(type) is { } missing)
        {
            errors.Add(new ConfigError(architecture.Location, "architecture.type",
                $"architecture '{architecture.Descriptor.Id}' (plugin {architecture.Descriptor.PluginId}) {missing}; a plugin bug: leave training.ghost_grads and training.resample_every off"));
            return;
        }
        var declared = RemedyDeclaration.Declared(type);
        if (training.GhostGrads && !declared.HasFlag(DeadFeatureRemedy.GhostGrads))
            errors.Add(Error(root, architecture, "ghost_grads", "ghost grads", declared));
        if (training.ResampleEvery > 0 && !declared.HasFlag(DeadFeatureRemedy.Resampling))
            errors.Add(Error(root, architecture, "resample_every", "resampling", declared));
    }

    private static ConfigError Error(ConfigMap root, ComponentSlot architecture, string key, string remedy, DeadFeatureRemedy declared)
    {
        var entry = (root.Get(ConfigSections.Training) as ConfigMap)?.Find(key);
        var why = RemedyDeclaration.Reason(architecture.Descriptor.ImplementationType) is { } reason ? $": {reason}" : "";
        var others = declared == DeadFeatureRemedy.None ? "it declares no dead-feature remedy"
            : declared.HasFlag(DeadFeatureRemedy.GhostGrads) ? "it takes training.ghost_grads" : "it takes training.resample_every";
        return new ConfigError(entry?.Value.Location ?? architecture.Location, $"training.{key}",
            $"architecture '{architecture.Descriptor.Id}' does not take {remedy}{why}; {others} (its plugin declares the remedies that apply)");
    }
}
