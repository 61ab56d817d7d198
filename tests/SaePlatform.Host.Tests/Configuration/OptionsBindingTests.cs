using SaePlatform.Host.Configuration.Binding;
using SaePlatform.Host.Configuration.Sections;
using SaePlatform.Host.Tests.Support.ConfigFixtures;

namespace SaePlatform.Host.Tests.Configuration;

public sealed class OptionsBindingTests
{
    private readonly ConfigFolder _folder = new();

    [Theory]
    [InlineData("DeadFeatureWindow", "dead_feature_window")]
    [InlineData("L1Coefficient", "l1_coefficient")]
    [InlineData("AdamBeta1", "adam_beta1")]
    [InlineData("DSae", "d_sae")]
    [InlineData("ApplyBDecToInput", "apply_b_dec_to_input")]
    [InlineData("HTTPServer", "http_server")]
    [InlineData("K", "k")]
    public void ToSnakeCase_PropertyName_GivesConfigKey(string property, string key) =>
        Assert.Equal(key, ConfigKeyNaming.ToSnakeCase(property));

    [Fact]
    public void Build_EverySupportedType_BindsBySnakeCaseKeys()
    {
        var path = _folder.Write("x.yaml", """
            run: {model: gpt2, layer: 8}
            data:
              type: synthetic
              rows: 1_000_000
              feature_weights: [0.25, 2]
              noise_std: 0.01
            architecture:
              type: TopK
              k: 1e2
              d_sae: 4096
              aux_k_coefficient: 0.5
              apply_b_dec_to_input: false
              matryoshka_widths: [128, 1024]
              init: {scale: 0.2, b_dec_init: GEOMETRIC_MEDIAN}
            training:
              optimizer: AdamW
              normalize_activations: ExpectedAverageOnlyIn
              threads: 2
            """);

        var plan = ConfigFolder.Build(path);

        var data = Assert.IsType<FakeSyntheticOptions>(plan.Data.Options);
        Assert.Equal(1_000_000, data.Rows);
        Assert.Equal([0.25f, 2f], data.FeatureWeights);
        Assert.Equal(0.01, data.NoiseStd);
        Assert.Equal("topk", plan.Architecture.Descriptor.Id);
        var arch = Assert.IsType<FakeTopKOptions>(plan.Architecture.Options);
        Assert.Equal(100, arch.K);
        Assert.Equal(4096, arch.DSae);
        Assert.Equal(0.5, arch.AuxAlpha);   // [ConfigKey("aux_k_coefficient")]
        Assert.False(arch.ApplyBDecToInput);
        Assert.Equal([128, 1024], arch.MatryoshkaWidths!);
        Assert.Equal(0.2, arch.Init.Scale);
        Assert.Equal(FakeBDecInit.GeometricMedian, arch.Init.BDecInit);
        Assert.Equal(OptimizerKind.AdamW, plan.Training.Optimizer);
        Assert.Equal(ActivationNormalization.ExpectedAverageOnlyIn, plan.Training.NormalizeActivations);
        Assert.Equal(2, plan.Training.Threads);
    }

    [Fact]
    public void Build_NoTrainingSection_UsesDocumentedDefaults()
    {
        var plan = ConfigFolder.Build(_folder.Write("x.yaml", ConfigFolder.Minimal));

        var t = plan.Training;
        Assert.Equal((1e-3, 4096, 1.0, 0.9, 0.999, 1e-8), (t.Lr, t.BatchSize, t.GradClip, t.AdamBeta1, t.AdamBeta2, t.AdamEps));
        Assert.Equal((LrSchedule.Constant, OptimizerKind.Adam, (long?)null, (long?)null), (t.LrSchedule, t.Optimizer, t.DeadFeatureWindow, t.FeatureSamplingWindow));
        Assert.Equal(32, Assert.IsType<FakeTopKOptions>(plan.Architecture.Options).K);
        Assert.Equal(42, plan.Run.Seed);
    }

    [Fact]
    public void Build_L1CoefficientAlias_SetsSparsityCoefficient()
    {
        var plan = ConfigFolder.Build(_folder.Write("x.yaml", ConfigFolder.Minimal + "\ntraining: {l1_coefficient: 5}\n"));

        Assert.Equal(5.0, plan.Training.SparsityCoefficient);
    }

    [Fact]
    public void Build_KeyAndAliasTogether_Rejected()
    {
        var path = _folder.Write("x.yaml", ConfigFolder.Minimal + "\ntraining:\n  sparsity_coefficient: 2\n  l1_coefficient: 5\n");

        Assert.Equal($"{path}:10:3 training.l1_coefficient: 'l1_coefficient' and 'sparsity_coefficient' are the same setting; set only one",
            ConfigFolder.SingleError(path));
    }

    [Fact]
    public void Build_SlotShorthand_NamesComponentWithDefaults()
    {
        var plan = ConfigFolder.Build(_folder.Write("x.yaml", ConfigFolder.Minimal + "\npenalty: l1\nobservers: [console]\n"));

        Assert.True(Assert.IsType<FakeL1Options>(plan.Penalty?.Options).WeightByDecoderNorm);
        Assert.Equal("console", Assert.Single(plan.Observers).Component.Descriptor.Id);
    }

    [Fact]
    public void Build_SingleValueForList_BecomesOneItemList()
    {
        _folder.Write("data/a.npy", "x");
        var plan = ConfigFolder.Build(_folder.Write("x.yaml", """
            run: {model: gpt2, layer: 8}
            data: {type: shards, files: data/*.npy}
            architecture: {type: topk}
            """));

        var files = Assert.IsType<FakeShardsOptions>(plan.Data.Options).Files;
        Assert.Equal(Path.Combine(_folder.Root, "data", "*.npy"), Assert.Single(files));
    }

    [Fact]
    public void Build_NullForNonNullableNumber_Rejected()
    {
        var path = _folder.Write("x.yaml", ConfigFolder.Minimal + "\ntraining:\n  lr: ~\n");

        Assert.Equal($"{path}:9:7 training.lr: expected a number, got null", ConfigFolder.SingleError(path));
    }
}
