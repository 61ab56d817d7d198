using System.ComponentModel;
using Microsoft.Extensions.Logging;
using SaePlatform.Contracts.Components;
using SaePlatform.Contracts.Observers;
using SaePlatform.Contracts.Runs;

namespace SaePluginTemplate;

/// <summary>Options of the observer.</summary>
public sealed class ObserverOptions
{
    /// <summary>Log every this many logged steps.</summary>
    [Description("Report every this many logged steps.")]
    public int Every { get; set; } = 100;
}

/// <summary>An observer to start from: logs the overall loss now and then. Observers are guarded: an exception is logged, never fatal.</summary>
[TrainingObserver("COMPONENT_ID", Description = "TODO: describe the observer.")]
public sealed class Observer(ObserverOptions options, ComponentContext context) : ITrainingObserver
{
    private long _seen;

    /// <inheritdoc />
    public void OnStep(StepMetrics metrics)
    {
        if (_seen++ % options.Every == 0 && metrics.Values.TryGetValue(MetricNames.OverallLoss, out var loss))
            context.Logger.LogInformation("step {Step}: loss {Loss}", metrics.Step, loss);
    }
}
