using SaePlatform.Contracts.Components;
using SaePlatform.Contracts.Observers;
using SaePlatform.Contracts.Runs;

namespace TestObservers;

/// <summary>Counts its callbacks and writes them to <c>observer.txt</c> in the run's SAE folder at the end.</summary>
[TrainingObserver("test_recording_observer", Description = "Records callbacks to observer.txt.")]
public sealed class RecordingObserver(ComponentContext context) : ITrainingObserver
{
    private int _starts, _steps, _evaluations;
    private long _lastStep = -1;

    /// <inheritdoc />
    public void OnRunStart(RunInfo run) => _starts++;

    /// <inheritdoc />
    public void OnStep(StepMetrics metrics)
    {
        _steps++;
        _lastStep = metrics.Step;
    }

    /// <inheritdoc />
    public void OnEvaluation(EvaluationResult evaluation) => _evaluations++;

    /// <inheritdoc />
    public void OnRunEnd(RunSummary summary)
    {
        Directory.CreateDirectory(context.OutputDirectory);
        File.WriteAllText(Path.Combine(context.OutputDirectory, "observer.txt"),
            $"starts={_starts}\nsteps={_steps}\nlast_step={_lastStep}\nevaluations={_evaluations}\noutcome={summary.Outcome}\n");
    }
}
