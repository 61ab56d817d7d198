using SaePlatform.Contracts.Penalties;

namespace SaePlatform.Contracts.Architectures;

/// <summary>Inputs to <see cref="ISaeArchitecture.Initialize"/>.</summary>
public sealed class SaeInitContext
{
    /// <summary>Creates the context.</summary>
    public SaeInitContext(int inputWidth, int seed, ISparsityPenalty? penalty, ReadOnlyMemory<float> sampleRows)
    {
        InputWidth = inputWidth;
        Seed = seed;
        Penalty = penalty;
        SampleRows = sampleRows;
    }

    /// <summary>d_in, the width of each input row.</summary>
    public int InputWidth { get; }

    /// <summary>Seed for parameter initialisation.</summary>
    public int Seed { get; }

    /// <summary>
    /// The configured sparsity penalty, or null when the config names none. An architecture with structural
    /// sparsity (topk, batchtopk) throws <see cref="ArgumentException"/> when one is given.
    /// </summary>
    public ISparsityPenalty? Penalty { get; }

    /// <summary>
    /// Some training rows (row-major, width <see cref="InputWidth"/>; possibly empty) for data-dependent
    /// initialisation such as b_dec = mean or geometric median.
    /// </summary>
    public ReadOnlyMemory<float> SampleRows { get; }

    /// <summary>
    /// The run's dead-feature window W in training steps (<c>training.dead_feature_window</c>, resolved for the run's
    /// length): a feature is dead once it has fired in none of the last W training steps (idle for W steps or more).
    /// The runtime's <c>sparsity/dead_features</c> metric uses the same W, so an architecture with a dead-feature
    /// loss (AuxK) must take it from here rather than from an option of its own. Default 1000 (SAELens), for contexts
    /// built outside a run.
    /// </summary>
    public long DeadFeatureWindow { get; init; } = 1000;
}
