using SaePlatform.Host.Plan;
using SaePlatform.Host.Configuration.Sections;
using SaePlatform.Host.Tests.Support.ConfigFixtures;

namespace SaePlatform.Host.Tests.Configuration;

// An architecture's [TrainingDefault]s fill only the training keys a config leaves unset.
public sealed class ArchitectureTrainingDefaultsTests
{
    private readonly ConfigFolder _folder = new();

    private string Config(string architecture, string training = "") =>
        _folder.Write("x.yaml", $"run: {{model: m, layer: 1}}\ndata: {{type: synthetic}}\narchitecture: {{type: {architecture}}}\n{training}");

    [Fact]
    public void Build_KeysUnset_TakeTheArchitecturesDefaults()
    {
        var plan = ConfigFolder.Build(Config("lzero"));

        Assert.Equal(0.25, plan.Training.SparsityCoefficient);
        Assert.Equal(ActivationNormalization.ExpectedAverageOnlyIn, plan.Training.NormalizeActivations);
    }

    [Fact]
    public void Build_ArchitectureWithoutDefaults_KeepsTheSectionDefaults()
    {
        var plan = ConfigFolder.Build(Config("standard"));

        Assert.Equal(new TrainingOptions().SparsityCoefficient, plan.Training.SparsityCoefficient);
        Assert.Equal(new TrainingOptions().NormalizeActivations, plan.Training.NormalizeActivations);
    }

    [Fact]
    public void Build_KeySetInFileUnderAnAlias_WinsOverTheArchitecturesDefault()
    {
        var plan = ConfigFolder.Build(Config("lzero", "training: {l1_coefficient: 2, normalize_activations: none}\n"));

        Assert.Equal(2.0, plan.Training.SparsityCoefficient);
        Assert.Equal(ActivationNormalization.None, plan.Training.NormalizeActivations);
    }

    [Fact]
    public void Build_KeySetOnTheCommandLine_WinsOverTheArchitecturesDefault()
    {
        var plan = ConfigFolder.Build(Config("lzero"), "training.sparsity_coefficient=3");

        Assert.Equal(3.0, plan.Training.SparsityCoefficient);
        Assert.Equal(ActivationNormalization.ExpectedAverageOnlyIn, plan.Training.NormalizeActivations);
    }

    [Fact]
    public void Write_ResolvedConfig_RecordsTheDefaultAndReadsBackUnderAnotherArchitecture()
    {
        var yaml = RunPlanYamlWriter.Write(ConfigFolder.Build(Config("lzero")));
        var reread = ConfigFolder.Build(new ConfigFolder().Write("resolved.yaml", yaml.Replace("type: lzero", "type: standard", StringComparison.Ordinal)));

        Assert.Contains("sparsity_coefficient: 0.25", yaml, StringComparison.Ordinal);
        Assert.Equal(0.25, reread.Training.SparsityCoefficient);
    }

    [Fact]
    public void Build_DefaultForAnUnknownKey_NamesTheArchitecturePluginAndKey()
    {
        var path = Config("misdeclared");

        var error = ConfigFolder.SingleError(path);

        Assert.StartsWith($"{path}:3:15 architecture.type: architecture 'misdeclared' (plugin test-plugin) declares a default for unknown training key 'sparsity_coeficient'", error);
        Assert.Contains("did you mean 'sparsity_coefficient'", error, StringComparison.Ordinal);
    }
}
