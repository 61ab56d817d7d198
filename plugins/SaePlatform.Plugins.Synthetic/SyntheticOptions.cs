using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SaePlatform.Plugins.Synthetic;

/// <summary>Options of the <c>synthetic</c> data source.</summary>
public sealed class SyntheticOptions : IValidatableObject
{
    /// <summary>Width of each row (d_in). Default 64.</summary>
    [Range(1, 1 << 16)]
    [Description("Row width d_in.")]
    public int DIn { get; set; } = 64;

    /// <summary>Number of true features (more than d_in gives superposition). Default 256.</summary>
    [Range(1, 1 << 20)]
    [Description("Number of ground-truth feature directions.")]
    public int NFeatures { get; set; } = 256;

    /// <summary>Rows the source offers. Default 200,000.</summary>
    [Range(1L, long.MaxValue)]
    [Description("Number of rows generated.")]
    public long Rows { get; set; } = 200_000;

    /// <summary>Probability that a feature fires in a row. Default 0.02.</summary>
    [Range(0.0, 1.0)]
    [Description("Probability that each feature is active in a row.")]
    public double FiringProbability { get; set; } = 0.02;

    /// <summary>Lower bound of an active feature's magnitude (uniform). Default 0.5.</summary>
    [Range(0.0, 1e6)]
    [Description("Smallest magnitude of an active feature (uniform between min and max).")]
    public double MagnitudeMin { get; set; } = 0.5;

    /// <summary>Upper bound of an active feature's magnitude. Default 1.5.</summary>
    [Range(0.0, 1e6)]
    [Description("Largest magnitude of an active feature.")]
    public double MagnitudeMax { get; set; } = 1.5;

    /// <summary>Distribution of an active feature's magnitude. Default uniform.</summary>
    [Description("Magnitude distribution: uniform (between magnitude_min and magnitude_max) or exponential (magnitude_min plus an exponential draw with mean magnitude_max - magnitude_min).")]
    public MagnitudeDistribution MagnitudeDistribution { get; set; } = MagnitudeDistribution.Uniform;

    /// <summary>Features per correlated group (consecutive feature indices). Default 1: no groups.</summary>
    [Range(1, 1 << 20)]
    [Description("Features per correlated group (consecutive indices); 1 for independent features.")]
    public int GroupSize { get; set; } = 1;

    /// <summary>Probability that a group whose member fired fires all its members. Default 0.</summary>
    [Range(0.0, 1.0)]
    [Description("Probability that, when a feature fires, every other feature of its group fires too.")]
    public double GroupCorrelation { get; set; }

    /// <summary>Standard deviation of Gaussian noise added to every value. Default 0.</summary>
    [Range(0.0, 1e6)]
    [Description("Std of Gaussian noise added to each value.")]
    public double Noise { get; set; }

    /// <summary>Seed of the feature directions and the rows; default derives from run.seed.</summary>
    [Description("Seed of the generator; unset = derived from run.seed.")]
    public int? Seed { get; set; }

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MagnitudeMax < MagnitudeMin)
            yield return new ValidationResult($"magnitude_max ({MagnitudeMax}) is below magnitude_min ({MagnitudeMin}).", [nameof(MagnitudeMax)]);
        if (GroupSize > NFeatures)
            yield return new ValidationResult($"group_size ({GroupSize}) is larger than n_features ({NFeatures}).", [nameof(GroupSize)]);
    }
}
