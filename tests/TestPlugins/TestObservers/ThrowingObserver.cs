using SaePlatform.Contracts.Components;
using SaePlatform.Contracts.Observers;
using SaePlatform.Contracts.Runs;

namespace TestObservers;

/// <summary>Throws on every logged step.</summary>
[TrainingObserver("test_throwing_observer", Description = "Throws in OnStep.")]
public sealed class ThrowingObserver : ITrainingObserver
{
    /// <inheritdoc />
    public void OnStep(StepMetrics metrics) => throw new InvalidOperationException($"observer broke at step {metrics.Step}");
}
