using Microsoft.Extensions.Logging;
using SaePlatform.Contracts.Architectures;
using SaePlatform.Contracts.Data;
using SaePlatform.Contracts.Observers;
using SaePlatform.Host.Configuration.Sections;
using SaePlatform.Host.Training.Data;
using SaePlatform.Host.Training.Output;

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
    ILogger Logger);
