using SaePlatform.Host.Tests.Support.ConfigFixtures;


namespace SaePlatform.Host.Tests.Configuration;

public sealed class ConfigValidationTests
{
    private readonly ConfigFolder _folder = new();

    [Fact]
    public void Build_UnknownKey_NamesFileLineKeyAndClosestKey()
    {
        var path = _folder.Write("x.yaml", ConfigFolder.Minimal + "\ntraining:\n  bacth_size: 64\n");

        var error = ConfigFolder.SingleError(path);

        Assert.StartsWith($"{path}:9:3 training.bacth_size: unknown key 'bacth_size'", error);
        Assert.Contains("did you mean 'batch_size'?", error);
    }

    [Fact]
    public void Build_UnknownKeyInComponentOptions_SuggestsComponentKey()
    {
        var path = _folder.Write("x.yaml", """
            run: {model: gpt2, layer: 8}
            data: {type: synthetic}
            architecture:
              type: topk
              d_sea: 512
            """);

        var error = ConfigFolder.SingleError(path);

        Assert.StartsWith($"{path}:5:3 architecture.d_sea: unknown key 'd_sea'", error);
        Assert.Contains("did you mean 'd_sae'?", error);
    }

    [Theory]
    [InlineData("tensorboard")]
    [InlineData("training_plots")]
    public void Build_LayerNamedAfterAModelFolder_IsAnErrorNamingTheKey(string layer)
    {
        // M/tensorboard/ holds every layer's event files and M/training_plots/ the figures: a layer's SAE folder cannot be either.
        var path = _folder.Write("x.yaml", $"run: {{model: gpt2, layers: [8, {layer}]}}\ndata: {{type: synthetic}}\narchitecture: {{type: topk, k: 4}}\n");

        var error = ConfigFolder.SingleError(path);

        Assert.Contains("run.layers", error);
        Assert.Contains($"layer '{layer}'", error);
    }

    [Fact]
    public void Build_UnknownSection_NamesSectionAndSuggestion()
    {
        var path = _folder.Write("x.yaml", ConfigFolder.Minimal + "\ntrainng:\n  lr: 0.1\n");

        var error = ConfigFolder.SingleError(path);

        Assert.StartsWith($"{path}:8:1 trainng: unknown section 'trainng'", error);
        Assert.Contains("did you mean 'training'?", error);
    }

    [Fact]
    public void Build_NumberGivenAWord_SaysExpectedANumber()
    {
        var path = _folder.Write("x.yaml", ConfigFolder.Minimal + "\ntraining:\n  lr: fast\n");

        Assert.Equal($"{path}:9:7 training.lr: expected a number, got 'fast'", ConfigFolder.SingleError(path));
    }

    [Fact]
    public void Build_IntegerGivenAFraction_SaysExpectedAnInteger()
    {
        var path = _folder.Write("x.yaml", ConfigFolder.Minimal + "\n  k: 3.5\n");

        Assert.Equal($"{path}:8:6 architecture.k: expected an integer, got '3.5'", ConfigFolder.SingleError(path));
    }

    [Fact]
    public void Build_ListGivenForAScalar_SaysWhatWasExpected()
    {
        var path = _folder.Write("x.yaml", ConfigFolder.Minimal + "\ntraining:\n  shuffle: [1, 2]\n");

        Assert.Equal($"{path}:9:12 training.shuffle: expected true or false, got a list", ConfigFolder.SingleError(path));
    }

    [Fact]
    public void Build_UnknownEnumValue_ListsValuesAndClosest()
    {
        var path = _folder.Write("x.yaml", ConfigFolder.Minimal + "\ntraining:\n  lr_schedule: cosin\n");

        var error = ConfigFolder.SingleError(path);

        Assert.StartsWith($"{path}:9:16 training.lr_schedule: expected one of constant, cosine, got 'cosin'", error);
        Assert.Contains("did you mean 'cosine'?", error);
    }

    [Fact]
    public void Build_ValueOutOfRange_NamesRangeAndValue()
    {
        var path = _folder.Write("x.yaml", ConfigFolder.Minimal + "\ntraining:\n  adam_beta1: 1.5\n");

        Assert.Equal($"{path}:9:15 training.adam_beta1: must be at least 0 and less than 1, got 1.5", ConfigFolder.SingleError(path));
    }

    [Fact]
    public void Build_ComponentRangeRule_PointsAtTheValue()
    {
        var path = _folder.Write("x.yaml", ConfigFolder.Minimal + "\n  k: 0\n");

        Assert.Equal($"{path}:8:6 architecture.k: must be at least 1 and at most 1048576, got 0", ConfigFolder.SingleError(path));
    }

    [Fact]
    public void Build_ValidatableObjectRule_ReportedWithItsKey()
    {
        var path = _folder.Write("x.yaml", ConfigFolder.Minimal + "\n  k: 64\n  d_sae: 32\n");

        Assert.Equal($"{path}:8:6 architecture.k: k (64) must not exceed d_sae (32)", ConfigFolder.SingleError(path));
    }

    [Fact]
    public void Build_TrainingCrossRule_ReportedWithItsKey()
    {
        var path = _folder.Write("x.yaml", ConfigFolder.Minimal + "\ntraining:\n  steps: 100\n  lr_warmup_steps: 80\n  lr_decay_steps: 50\n");

        var error = ConfigFolder.SingleError(path);

        Assert.StartsWith($"{path}:10:20 training.lr_warmup_steps: lr_warmup_steps + lr_decay_steps (80 + 50) exceed steps (100)", error);
    }

    [Fact]
    public void Build_UnknownComponentType_ListsAvailableAndClosest()
    {
        var path = _folder.Write("x.yaml", """
            run: {model: gpt2, layer: 8}
            data:
              type: synthetc
            architecture: {type: topk}
            """);

        var error = ConfigFolder.SingleError(path);

        Assert.StartsWith($"{path}:3:9 data.type: unknown data source 'synthetc' (did you mean 'synthetic'?)", error);
        Assert.Contains("available: npy, shards, synthetic", error);
    }

    [Fact]
    public void Build_UnknownVisualizer_NamesListIndex()
    {
        var path = _folder.Write("x.yaml", ConfigFolder.Minimal + "\nvisualizers:\n  - type: loss_curves\n  - type: heatmap\n");

        var error = ConfigFolder.SingleError(path);

        Assert.StartsWith($"{path}:10:11 visualizers[1].type: unknown visualizer 'heatmap'", error);
        Assert.Contains("available: loss_curves", error);
    }

    [Fact]
    public void Build_SlotWithoutType_SaysTypeIsMissing()
    {
        var path = _folder.Write("x.yaml", "run: {model: gpt2, layer: 8}\ndata:\n  rows: 10\narchitecture: {type: topk}\n");

        var error = ConfigFolder.SingleError(path);

        Assert.StartsWith($"{path}:3:3 data.type: missing 'type': name the data source; available: npy, shards, synthetic", error);
    }

    [Fact]
    public void Build_MissingRequiredSections_ReportsDataAndArchitecture()
    {
        var path = _folder.Write("x.yaml", "run: {model: gpt2, layer: 8}\n");

        var errors = ConfigFolder.Errors(path);

        Assert.Equal(2, errors.Count);
        Assert.StartsWith($"{path}:1:1 data: required section is missing", errors[0]);
        Assert.StartsWith($"{path}:1:1 architecture: required section is missing", errors[1]);
    }

    [Fact]
    public void Build_MissingRunModel_SaysItIsRequired()
    {
        var path = _folder.Write("x.yaml", "run:\n  layer: 8\ndata: {type: synthetic}\narchitecture: {type: topk}\n");

        var error = ConfigFolder.SingleError(path);

        Assert.StartsWith($"{path}:2:3 run.model: required: name the model", error);
    }

    [Fact]
    public void Build_MissingDataFile_NamesKeyAndResolvedPath()
    {
        var path = _folder.Write("configs/x.yaml", """
            run: {model: gpt2, layer: 8}
            data:
              type: npy
              path: ../data/acts.npy
            architecture: {type: topk}
            """);

        var error = ConfigFolder.SingleError(path);

        var expected = Path.Combine(_folder.Root, "data", "acts.npy");
        Assert.Equal($"{path}:4:9 data.path: file '../data/acts.npy' not found (looked for {expected})", error);
    }

    [Fact]
    public void Build_DataFileRelativeToConfigFolder_ResolvedToAbsolutePath()
    {
        _folder.Write("data/acts.npy", "x");
        var path = _folder.Write("configs/x.yaml", """
            run: {model: gpt2, layer: 8}
            data: {type: npy, path: ../data/acts.npy}
            architecture: {type: topk}
            """);

        var plan = ConfigFolder.Build(path);

        var options = Assert.IsType<FakeNpyOptions>(plan.Data.Options);
        Assert.Equal(Path.Combine(_folder.Root, "data", "acts.npy"), options.Path);
    }

    [Fact]
    public void Build_RequiredPathMissing_SaysRequired()
    {
        var path = _folder.Write("x.yaml", "run: {model: gpt2, layer: 8}\ndata:\n  type: npy\narchitecture: {type: topk}\n");

        Assert.Equal($"{path}:3:3 data.path: is required", ConfigFolder.SingleError(path));
    }

    [Fact]
    public void Build_GlobMatchingNothing_NamesPattern()
    {
        _folder.Write("data/a.txt", "x");
        var path = _folder.Write("x.yaml", """
            run: {model: gpt2, layer: 8}
            data:
              type: shards
              files: [data/*.txt, data/*.npy]
            architecture: {type: topk}
            """);

        var error = ConfigFolder.SingleError(path);

        Assert.StartsWith($"{path}:4:23 data.files[1]: no file matches 'data/*.npy'", error);
    }

    [Fact]
    public void Build_MissingFolderOption_SaysFolderNotFound()
    {
        _folder.Write("data/acts.npy", "x");
        var path = _folder.Write("x.yaml", """
            run: {model: gpt2, layer: 8}
            data: {type: npy, path: data/acts.npy, cache_dir: cache}
            architecture: {type: topk}
            """);

        var error = ConfigFolder.SingleError(path);

        Assert.StartsWith($"{path}:2:51 data.cache_dir: folder 'cache' not found", error);
    }

    [Fact]
    public void Build_MissingInitFrom_NamesKey()
    {
        var path = _folder.Write("x.yaml", "run:\n  model: gpt2\n  layer: 8\n  init_from: old/sae\ndata: {type: synthetic}\narchitecture: {type: topk}\n");

        var error = ConfigFolder.SingleError(path);

        Assert.StartsWith($"{path}:4:14 run.init_from: '{Path.Combine(_folder.Root, "old", "sae")}' not found", error);
    }

    [Fact]
    public void Build_ComponentWithoutOptions_RejectsKeys()
    {
        var path = _folder.Write("x.yaml", "run: {model: gpt2, layer: 8}\ndata: {type: synthetic}\narchitecture:\n  type: standard\n  k: 4\n");

        Assert.Equal($"{path}:5:3 architecture.k: unknown key 'k': architecture 'standard' takes no options", ConfigFolder.SingleError(path));
    }

    [Fact]
    public void Build_SeveralProblems_ReportsAllOfThem()
    {
        var path = _folder.Write("x.yaml", """
            run: {model: gpt2, layer: 8}
            data: {type: nope}
            architecture:
              type: topk
              k: many
            training:
              lr: -1
              batch_sise: 3
            visualizers:
              - type: loss_curves
                timeout_seconds: 0
            """);

        var errors = ConfigFolder.Errors(path);

        Assert.Equal(5, errors.Count);
        Assert.Contains(errors, e => e.StartsWith($"{path}:2:14 data.type:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith($"{path}:5:6 architecture.k:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith($"{path}:7:7 training.lr:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith($"{path}:8:3 training.batch_sise:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith($"{path}:11:22 visualizers[0].timeout_seconds:", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_ErrorInBaseFile_NamesTheBaseFile()
    {
        var basePath = _folder.Write("base.yaml", "training:\n  lr: fast\n");
        var path = _folder.Write("x.yaml", "extends: base.yaml\n" + ConfigFolder.Minimal);

        Assert.Equal($"{basePath}:2:7 training.lr: expected a number, got 'fast'", ConfigFolder.SingleError(path));
    }
}
