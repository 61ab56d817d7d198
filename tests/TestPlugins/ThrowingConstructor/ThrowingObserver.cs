using SaePlatform.Contracts.Components;
using SaePlatform.Contracts.Observers;

namespace ThrowingConstructor;

/// <summary>Options of <see cref="ThrowingObserver"/>; the defaults are valid, so the loader constructs it.</summary>
public sealed class ThrowingObserverOptions
{
    /// <summary>Unused.</summary>
    public int Anything { get; set; } = 1;
}

/// <summary>An observer whose constructor always throws.</summary>
[TrainingObserver("throwing_observer")]
public sealed class ThrowingObserver : ITrainingObserver
{
    /// <summary>Always throws <see cref="InvalidOperationException"/>.</summary>
    public ThrowingObserver(ThrowingObserverOptions options) =>
        throw new InvalidOperationException($"ThrowingObserver refuses to be created (anything = {options.Anything})");
}
