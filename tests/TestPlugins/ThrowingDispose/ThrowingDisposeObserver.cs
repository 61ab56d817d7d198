using SaePlatform.Contracts.Components;
using SaePlatform.Contracts.Observers;

namespace ThrowingDispose;

/// <summary>An observer that constructs fine and throws from <see cref="Dispose"/>.</summary>
[TrainingObserver("throwing_dispose_observer")]
public sealed class ThrowingDisposeObserver : ITrainingObserver, IDisposable
{
    /// <summary>Always throws <see cref="InvalidOperationException"/>.</summary>
    public void Dispose() => throw new InvalidOperationException("ThrowingDisposeObserver cannot let go");
}
