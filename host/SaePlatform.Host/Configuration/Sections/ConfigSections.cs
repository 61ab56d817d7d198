namespace SaePlatform.Host.Configuration.Sections;

/// <summary>The top-level sections of a config file and the keys of a component entry that belong to the host.</summary>
internal static class ConfigSections
{
    /// <summary><c>run</c>: models, layers, seed, output folder (<see cref="RunSection"/>).</summary>
    public const string Run = "run";
    /// <summary><c>data</c>: the data source slot.</summary>
    public const string Data = "data";
    /// <summary><c>architecture</c>: the SAE architecture slot.</summary>
    public const string Architecture = "architecture";
    /// <summary><c>penalty</c>: the optional sparsity penalty slot.</summary>
    public const string Penalty = "penalty";
    /// <summary><c>training</c>: the training options (<see cref="TrainingOptions"/>).</summary>
    public const string Training = "training";
    /// <summary><c>visualizers</c>: a list of guarded visualizer entries.</summary>
    public const string Visualizers = "visualizers";
    /// <summary><c>observers</c>: a list of guarded observer entries.</summary>
    public const string Observers = "observers";
    /// <summary><c>plugins</c>: extra plugin folders (<see cref="PluginsSection"/>).</summary>
    public const string Plugins = "plugins";

    /// <summary>Every section, in the order the resolved config is written.</summary>
    public static readonly IReadOnlyList<string> All = [Run, Data, Architecture, Penalty, Training, Visualizers, Observers, Plugins];

    /// <summary>The key naming a component in a slot or list entry.</summary>
    public const string TypeKey = "type";
    /// <summary>A visualizer or observer entry's isolation (<c>inprocess</c> or <c>process</c>).</summary>
    public const string IsolationKey = "isolation";
    /// <summary>A visualizer or observer entry's per-call time limit in seconds.</summary>
    public const string TimeoutSecondsKey = "timeout_seconds";

    /// <summary>Keys of a slot that belong to the host rather than to the component's options.</summary>
    public static readonly IReadOnlyCollection<string> SlotReservedKeys = [TypeKey];
    /// <summary>Keys of a visualizer or observer entry that belong to the host rather than to the component's options.</summary>
    public static readonly IReadOnlyCollection<string> GuardedReservedKeys = [TypeKey, IsolationKey, TimeoutSecondsKey];
}
