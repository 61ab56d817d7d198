using SaePlatform.Contracts.Components;
using SaePlatform.Contracts.Observers;

namespace NewerApi;

/// <summary>A valid component; the plugin is refused for its declared contracts version alone.</summary>
[TrainingObserver("newer_api_observer")]
public sealed class NewerApiObserver : ITrainingObserver;
