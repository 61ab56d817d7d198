namespace SaePlatform.Host.Training;

/// <summary>
/// Early stopping on the validation loss: an evaluation improves when its loss is below the best so far by more
/// than <c>min_delta</c>; training stops after <c>patience</c> evaluations in a row without improvement
/// (Keras's EarlyStopping rule). Patience 0 disables it.
/// </summary>
internal sealed class EarlyStopping(int patience, double minDelta)
{
    private EarlyStoppingState _state = EarlyStoppingState.Initial;

    public EarlyStoppingState State => _state;

    /// <summary>Records the validation loss of step <paramref name="step"/>; true when training should stop now.</summary>
    public bool Observe(long step, double loss)
    {
        if (double.IsFinite(loss) && (_state.BestStep < 0 || loss < _state.BestLoss - minDelta))
            _state = new EarlyStoppingState(loss, step, 0);
        else
            _state = _state with { EvaluationsWithoutImprovement = _state.EvaluationsWithoutImprovement + 1 };
        return patience > 0 && _state.EvaluationsWithoutImprovement >= patience;
    }

    public void Restore(EarlyStoppingState state) => _state = state;
}

/// <summary>Best validation loss so far, the step it was reached at (-1 before any evaluation) and the evaluations since.</summary>
internal sealed record EarlyStoppingState(double BestLoss, long BestStep, int EvaluationsWithoutImprovement)
{
    public static EarlyStoppingState Initial { get; } = new(double.PositiveInfinity, -1, 0);
}
