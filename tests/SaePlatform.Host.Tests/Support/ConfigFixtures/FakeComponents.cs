using System.ComponentModel.DataAnnotations;
using SaePlatform.Contracts.Architectures;
using SaePlatform.Contracts.Components;
using SaePlatform.Contracts.Options;

namespace SaePlatform.Host.Tests.Support.ConfigFixtures;

// Components that exist only to be named in test configs: the config layer needs their options types, never instances.

internal enum FakeDType { Float32, Float16, BFloat16 }

internal enum FakeBDecInit { Zeros, Mean, GeometricMedian }

internal sealed class FakeNpyOptions
{
    [Required]
    [PathOption]
    public string? Path { get; set; }

    [PathOption(IsDirectory = true)]
    public string? CacheDir { get; set; }

    public FakeDType Dtype { get; set; } = FakeDType.Float32;
}

[DataSource("npy")]
internal sealed class FakeNpySource(FakeNpyOptions options)
{
    public FakeNpyOptions Options { get; } = options;
}

internal sealed class FakeShardsOptions
{
    [PathOption]
    public List<string> Files { get; set; } = [];
}

[DataSource("shards")]
internal sealed class FakeShardsSource(FakeShardsOptions options)
{
    public FakeShardsOptions Options { get; } = options;
}

internal sealed class FakeSyntheticOptions
{
    [Range(1, 10_000_000)]
    public long Rows { get; set; } = 1000;

    [Range(1, 65536)]
    public int Width { get; set; } = 16;

    public List<float> FeatureWeights { get; set; } = [1f, 0.5f];

    public double? NoiseStd { get; set; }
}

[DataSource("synthetic")]
internal sealed class FakeSyntheticSource(FakeSyntheticOptions options)
{
    public FakeSyntheticOptions Options { get; } = options;
}

internal sealed class FakeInitOptions
{
    [Range(0d, 10d)]
    public double Scale { get; set; } = 0.1;

    public FakeBDecInit BDecInit { get; set; } = FakeBDecInit.Zeros;
}

internal sealed class FakeTopKOptions : IValidatableObject
{
    [Range(1, 1 << 20)]
    public int K { get; set; } = 32;

    [Range(1, 1 << 24)]
    public int DSae { get; set; } = 1024;

    [ConfigKey("aux_k_coefficient")]
    public double AuxAlpha { get; set; } = 1.0 / 32;

    public bool ApplyBDecToInput { get; set; } = true;

    public int[]? MatryoshkaWidths { get; set; }

    public FakeInitOptions Init { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (K > DSae) yield return new ValidationResult($"k ({K}) must not exceed d_sae ({DSae})", [nameof(K)]);
    }
}

[SaeArchitecture("topk")]
internal sealed class FakeTopKArchitecture(FakeTopKOptions options, ComponentContext context)
{
    public FakeTopKOptions Options { get; } = options;
    public ComponentContext Context { get; } = context;
}

[SaeArchitecture("standard")]
internal sealed class FakeStandardArchitecture;

[SaeArchitecture("lzero")]
[TrainingDefault("sparsity_coefficient", "0.25", Reason = "an L0 penalty counts features")]
[TrainingDefault("normalize_activations", "expected_average_only_in")]
internal sealed class FakeLZeroArchitecture;

[SaeArchitecture("misdeclared")]
[TrainingDefault("sparsity_coeficient", "0.25")]
internal sealed class FakeMisdeclaredArchitecture;

internal sealed class FakeL1Options
{
    public bool WeightByDecoderNorm { get; set; } = true;
}

[SparsityPenalty("l1")]
internal sealed class FakeL1Penalty(FakeL1Options options)
{
    public FakeL1Options Options { get; } = options;
}

internal sealed class FakeLossCurvesOptions
{
    public List<string> Metrics { get; set; } = ["losses/overall_loss"];

    public string Format { get; set; } = "png";
}

[Visualizer("loss_curves")]
internal sealed class FakeLossCurvesVisualizer(FakeLossCurvesOptions options)
{
    public FakeLossCurvesOptions Options { get; } = options;
}

[TrainingObserver("console")]
internal sealed class FakeConsoleObserver;
