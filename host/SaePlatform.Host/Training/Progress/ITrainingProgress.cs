namespace SaePlatform.Host.Training.Progress;

/// <summary>Receives per-step progress from the trainer (a live line on a terminal; nothing otherwise, the log lines suffice).</summary>
internal interface ITrainingProgress
{
    /// <summary>After each logged step: steps done, planned steps, the step's loss, L0 and explained variance, and the dead-feature count (NaN when unknown).</summary>
    void Update(long stepsDone, long totalSteps, double loss, double l0, double explainedVariance, double deadFeatures);
}

/// <summary>No live display (output is not a terminal, or <c>--no-progress</c>): the periodic log lines report progress.</summary>
internal sealed class NoProgress : ITrainingProgress
{
    public static NoProgress Instance { get; } = new();

    public void Update(long stepsDone, long totalSteps, double loss, double l0, double explainedVariance, double deadFeatures) { }
}
