using System.ComponentModel;
using SaePlatform.Contracts.Components;
using SaePlatform.Contracts.Observers;

namespace UnbindableOptions;

/// <summary>Options with one key a config cannot express (a TimeSpan) and one without a description.</summary>
public sealed class UnbindableObserverOptions
{
    /// <summary>Not settable from YAML: the binder has no TimeSpan conversion.</summary>
    [Description("How long to wait.")]
    public TimeSpan Delay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Bindable, but undocumented for users.</summary>
    public int Every { get; set; } = 10;
}

/// <summary>An observer that does nothing; its options are the point.</summary>
[TrainingObserver("unbindable_observer", Description = "Observer with an options class a config cannot fill.")]
public sealed class UnbindableObserver(UnbindableObserverOptions options) : ITrainingObserver
{
    /// <summary>The options it was created with.</summary>
    public UnbindableObserverOptions Options { get; } = options;
}
