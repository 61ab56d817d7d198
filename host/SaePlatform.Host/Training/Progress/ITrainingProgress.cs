namespace SaePlatform.Host.Training.Progress;

/// <summary>Receives per-step progress from the trainer (a live bar on a terminal; nothing otherwise, the log lines suffice).</summary>
internal interface ITrainingProgress
{
    /// <summary>After each logged step: steps done, planned steps, and the step's loss, L0 and explained variance.</summary>
    void Update(long stepsDone, long totalSteps, double loss, double l0, double explainedVariance);
}

/// <summary>No live display (output is not a terminal): the periodic log lines report progress.</summary>
internal sealed class NoProgress : ITrainingProgress
{
    public static NoProgress Instance { get; } = new();

    public void Update(long stepsDone, long totalSteps, double loss, double l0, double explainedVariance) { }
}
