using SaePlatform.Contracts.Observers;
using SaePlatform.Contracts.Runs;

namespace SaePlatform.Host.Training.Observers;

/// <summary>
/// A run's observers as one observer, in the manner of Serilog's SafeAggregateSink: each callback goes to every
/// observer in order. Configured observers arrive wrapped in a <see cref="GuardedObserver"/>, so one that throws is
/// reported (and switched off after repeated failures) and the others still get the callback.
/// </summary>
internal sealed class ObserverSet(IReadOnlyList<ITrainingObserver> observers) : ITrainingObserver
{
    /// <inheritdoc />
    public void OnRunStart(RunInfo run)
    {
        foreach (var o in observers) o.OnRunStart(run);
    }

    /// <inheritdoc />
    public void OnStep(StepMetrics metrics)
    {
        foreach (var o in observers) o.OnStep(metrics);
    }

    /// <inheritdoc />
    public void OnEvaluation(EvaluationResult evaluation)
    {
        foreach (var o in observers) o.OnEvaluation(evaluation);
    }

    /// <inheritdoc />
    public void OnRunEnd(RunSummary summary)
    {
        foreach (var o in observers) o.OnRunEnd(summary);
    }
}
