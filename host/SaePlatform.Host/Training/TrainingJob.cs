using Microsoft.Extensions.Logging;
using SaePlatform.Contracts.Architectures;
using SaePlatform.Contracts.Data;
using SaePlatform.Contracts.Observers;
using SaePlatform.Host.Configuration.Sections;
using SaePlatform.Host.Runs;
using SaePlatform.Host.Training.Data;

namespace SaePlatform.Host.Training;

/// <summary>One model/layer run with its components built and its data opened.</summary>
internal sealed record TrainingJob(
    RunPaths Paths,
    string ArchitectureId,
    ISaeArchitecture Sae,
    IDataSource Source,
    DataSourceInfo Data,
    DataSplit Split,
    ActivationNormalizer Normalizer,
    TrainingOptions Settings,
    long TotalSteps,
    int Seed,
    IReadOnlyList<ITrainingObserver> Observers,
    SaeFileMetadata Metadata,
    ILogger Logger)
{
    /// <summary>training.dead_feature_window resolved for this run's length (steps; see <see cref="TrainingOptions.DeadFeatureWindow"/>).</summary>
    public long DeadFeatureWindow => Settings.ResolveDeadFeatureWindow(TotalSteps);

    /// <summary>architecture.b_dec_init when the architecture has one (named by remedies only when not already data-based).</summary>
    public DecoderBiasInit? BDecInit { get; init; }

    /// <summary>run.tensorboard: write TensorBoard event files while training.</summary>
    public bool TensorBoard { get; init; } = true;

    /// <summary>The resolved config (<c>L_config.yaml</c>), shown in TensorBoard's Text tab.</summary>
    public string ConfigText { get; init; } = "";

    /// <summary>training.feature_sampling_window resolved for this run's length (steps).</summary>
    public long FeatureSamplingWindow => Settings.ResolveFeatureSamplingWindow(TotalSteps);
}
