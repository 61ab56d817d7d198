using SaePlatform.Host.Configuration.Sections;

namespace SaePlatform.Host.Plan;

/// <summary>A validated run config: everything the trainer needs, with every default filled in.</summary>
/// <param name="ConfigPath">Absolute path of the config file named on the command line.</param>
/// <param name="Run">The bound <c>run</c> section (paths absolute).</param>
/// <param name="Runs">One entry per (model, layer) pair, models outermost.</param>
/// <param name="Data">The data source.</param>
/// <param name="Architecture">The SAE architecture.</param>
/// <param name="Penalty">The sparsity penalty, or null when the config names none.</param>
/// <param name="Training">Training options.</param>
/// <param name="Visualizers">
/// Visualizers in config order; null when the config has no <c>visualizers</c> key (or it is null), which runs the
/// default set. An explicit empty list runs none.
/// </param>
/// <param name="Observers">Observers in config order.</param>
/// <param name="PluginPaths">Absolute extra plugin folders (<c>plugins.paths</c>).</param>
internal sealed record RunPlan(
    string ConfigPath,
    RunSection Run,
    IReadOnlyList<RunTarget> Runs,
    ComponentSlot Data,
    ComponentSlot Architecture,
    ComponentSlot? Penalty,
    TrainingOptions Training,
    IReadOnlyList<GuardedComponentSpec>? Visualizers,
    IReadOnlyList<GuardedComponentSpec> Observers,
    IReadOnlyList<string> PluginPaths)
{
    /// <summary>Folder of <see cref="ConfigPath"/> (what <c>ComponentContext.ConfigDirectory</c> reports).</summary>
    public string ConfigDirectory => Path.GetDirectoryName(ConfigPath)!;

    /// <summary>Absolute <c>run.init_from</c>, or null.</summary>
    public string? InitFrom => Run.InitFrom;
}
