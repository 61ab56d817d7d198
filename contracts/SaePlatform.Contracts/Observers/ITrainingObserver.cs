using SaePlatform.Contracts.Runs;

namespace SaePlatform.Contracts.Observers;

/// <summary>
/// Receives training events, like a MonoBehaviour receives Awake/Update/OnDestroy. Every callback has an
/// empty default; implement the ones you need. Calls are guarded: an exception or timeout is logged and
/// counted, and an observer that keeps failing is disabled for the run.
/// </summary>
public interface ITrainingObserver
{
    /// <summary>Before the first step.</summary>
    void OnRunStart(RunInfo run) { }

    /// <summary>After every logged step, with that step's metrics.</summary>
    void OnStep(StepMetrics metrics) { }

    /// <summary>After an evaluation (validation during training, test at the end).</summary>
    void OnEvaluation(EvaluationResult evaluation) { }

    /// <summary>After training ended (finished, stopped early, interrupted or failed).</summary>
    void OnRunEnd(RunSummary summary) { }
}
