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
}
