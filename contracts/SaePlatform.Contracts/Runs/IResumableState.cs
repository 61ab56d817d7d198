namespace SaePlatform.Contracts.Runs;

/// <summary>
/// Optional, for an architecture that keeps training state outside its parameters and
/// <c>StateForSaving</c> (for example a running estimate that is not saved; dead-feature counters are the
/// runtime's, see <see cref="Architectures.TrainingStep.DeadFeatures"/>). The runtime stores it in every checkpoint and restores it on resume, so that a
/// resumed run continues exactly as one never stopped.
/// </summary>
public interface IResumableState
{
    /// <summary>A copy of the extra state, as named float64 arrays (exact for counters up to 2^53).</summary>
    IReadOnlyDictionary<string, double[]> ExportResumeState();

    /// <summary>Restores state from <see cref="ExportResumeState"/> (called after the parameters are loaded).</summary>
    /// <exception cref="InvalidDataException">An entry is missing or has the wrong length (message names it).</exception>
    void ImportResumeState(IReadOnlyDictionary<string, double[]> state);
}
