using SaePlatform.Contracts.Components;
using SaePlatform.Contracts.Observers;
using SharedDep;

namespace DependencyV2;

/// <summary>Reports the version of SharedDep this plugin sees (it ships 2.0.0.0).</summary>
[TrainingObserver("dependency_v2")]
public sealed class DependencyV2Observer : ITrainingObserver, IVersionReporter
{
    /// <summary>The SharedDep version as seen when constructed (fails if SharedDep is missing).</summary>
    public string DependencyVersion { get; } = SharedDepInfo.Version();

    /// <summary>The assembly version of the SharedDep this plugin's code binds to.</summary>
    public static string SharedDepVersion() => typeof(SharedDepInfo).Assembly.GetName().Version!.ToString();
}
