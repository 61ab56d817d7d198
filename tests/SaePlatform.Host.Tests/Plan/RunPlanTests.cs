using SaePlatform.Host.Configuration;
using SaePlatform.Host.Plan;
using SaePlatform.Host.Plugins;
using SaePlatform.Host.Tests.Support.ConfigFixtures;

namespace SaePlatform.Host.Tests.Plan;

public sealed class RunPlanTests
{
    private readonly ConfigFolder _folder = new();

    private string FullConfig()
    {
        _folder.Write("data/acts.npy", "x");
        _folder.Write("plugins/extra/readme.txt", "x");
        _folder.Write("base.yaml", """
            run: {models: [gpt2, "EleutherAI/pythia-70m"], layers: [6, "8"], seed: 5, output_dir: out}
            data: {type: npy, path: data/acts.npy, dtype: float16}
            architecture: {type: topk, k: 8, d_sae: 64, matryoshka_widths: [16, 64]}
            """);
        return _folder.Write("x.yaml", """
            extends: base.yaml
            penalty: {type: l1, weight_by_decoder_norm: false}
            training: {steps: 100, lr: 1e-3, lr_schedule: cosine, l1_coefficient: 2.5, lr_end: 0.0001}
            visualizers:
              - {type: loss_curves, metrics: [losses/mse_loss, "true"], isolation: process, timeout_seconds: 30}
            observers: [console]
            plugins: {paths: [plugins/extra]}
            """);
    }

    [Fact]
    public void Build_ModelsAndLayers_OneRunPerPairUnderOutputDir()
    {
        var plan = ConfigFolder.Build(FullConfig());

        Assert.Equal(["gpt2/6", "gpt2/8", "EleutherAI/pythia-70m/6", "EleutherAI/pythia-70m/8"], plan.Runs.Select(r => $"{r.Model}/{r.Layer}"));
        var last = plan.Runs[^1];
        Assert.Equal(Path.Combine(Directory.GetCurrentDirectory(), "out", "EleutherAI-pythia-70m", "8"), last.OutputDirectory);
        Assert.Equal("8_config.yaml", last.ConfigFileName);
        Assert.All(plan.Runs, r => Assert.Equal(5, r.Seed));
        Assert.Equal([Path.Combine(_folder.Root, "plugins", "extra")], plan.PluginPaths);
        var visualizer = Assert.Single(plan.Visualizers!);
        Assert.Equal((ComponentIsolation.Process, 30.0), (visualizer.Isolation!.Value, visualizer.TimeoutSeconds!.Value));
    }

    [Fact]
    public void Write_ResolvedConfig_ReadsBackToTheSamePlan()
    {
        var plan = ConfigFolder.Build(FullConfig());
        var yaml = RunPlanYamlWriter.Write(plan);
        var elsewhere = new ConfigFolder();

        var reread = ConfigFolder.Build(elsewhere.Write("resolved.yaml", yaml));

        Assert.Equal(yaml, RunPlanYamlWriter.Write(reread));
        Assert.Equal(plan.Runs, reread.Runs);
        Assert.Equal(plan.Training.Lr, reread.Training.Lr);
        Assert.Equal(["losses/mse_loss", "true"], Assert.IsType<FakeLossCurvesOptions>(reread.Visualizers![0].Component.Options).Metrics);
    }

    [Theory]
    [InlineData("", null)]                   // absent: the default set
    [InlineData("visualizers: null\n", null)] // null: the default set, as for any key
    [InlineData("visualizers: []\n", 0)]     // explicit empty list: none
    public void Build_VisualizersAbsentNullOrEmpty_DefaultsOnlyWhenNotGiven(string key, int? expectedCount)
    {
        var plan = ConfigFolder.Build(_folder.Write("x.yaml", ConfigFolder.Minimal + "\n" + key));

        Assert.Equal(expectedCount, plan.Visualizers?.Count);
        // The resolved config keeps the distinction when it is read again (sae plot --config on it, or a copy).
        var reread = ConfigFolder.Build(new ConfigFolder().Write("resolved.yaml", RunPlanYamlWriter.Write(plan)));
        Assert.Equal(expectedCount, reread.Visualizers?.Count);
    }

    [Fact]
    public void Write_ResolvedConfig_IncludesDefaultsAndAbsolutePaths()
    {
        var plan = ConfigFolder.Build(FullConfig());

        var yaml = RunPlanYamlWriter.Write(plan);

        Assert.Contains("  grad_clip: 1\n", yaml);
        Assert.Contains("  adam_eps: 1.0e-08\n", yaml);
        Assert.Contains("  dead_feature_window: null\n", yaml);   // resolved per run: a tenth of its steps, at most 1000
        Assert.Contains("  sparsity_coefficient: 2.5\n", yaml);
        Assert.Contains("  lr_schedule: cosine\n", yaml);
        Assert.Contains("  aux_k_coefficient: 0.03125\n", yaml);
        Assert.Contains($"  path: {Path.Combine(_folder.Root, "data", "acts.npy")}\n", yaml);
        Assert.Contains("  layers: [\"6\", \"8\"]\n", yaml);
        Assert.DoesNotContain("extends", yaml);
    }

    [Fact]
    public void Write_SingleRun_WritesThatModelAndLayerOnly()
    {
        var plan = ConfigFolder.Build(FullConfig());

        var yaml = RunPlanYamlWriter.Write(plan, plan.Runs[1]);
        var reread = ConfigFolder.Build(new ConfigFolder().Write("8_config.yaml", yaml));

        Assert.Equal(plan.Runs[1], Assert.Single(reread.Runs));
    }

    [Fact]
    public void ResolveTotalSteps_SeveralBudgets_FirstReachedWins()
    {
        var training = new SaePlatform.Host.Configuration.Sections.TrainingOptions { BatchSize = 100, Samples = 1_050, Epochs = 3 };

        Assert.Equal(11, training.ResolveTotalSteps(trainingRows: 10_000));
        Assert.Equal(6, training.ResolveTotalSteps(trainingRows: 200));
    }

    [Fact]
    public void ResolveTotalSteps_NoBudgetSet_TrainsSaeLensDefaultTwoMillionRowsWhateverTheDataSize()
    {
        // SAELens: total_training_steps = training_tokens // batch = 2,000,000 // 4,096 = 488, not one epoch (9 steps here).
        var defaults = new SaePlatform.Host.Configuration.Sections.TrainingOptions();
        Assert.Equal(488, defaults.ResolveTotalSteps(trainingRows: 35_000));
        Assert.Equal(488, defaults.ResolveTotalSteps(trainingRows: 10_000_000));
        Assert.Equal(20_000, new SaePlatform.Host.Configuration.Sections.TrainingOptions { BatchSize = 100 }.ResolveTotalSteps(150));
        Assert.Equal(2, new SaePlatform.Host.Configuration.Sections.TrainingOptions { BatchSize = 100, Epochs = 1 }.ResolveTotalSteps(150));
    }

    [Fact]
    public void DescribeBudget_DefaultAndExplicit_StatesStepsRowsEpochsAndWhereItCameFrom()
    {
        var defaults = new SaePlatform.Host.Configuration.Sections.TrainingOptions();
        // 488 x 4,096 = 1,998,848 rows; / 35,000 training rows = 57.11 epochs.
        Assert.Equal("488 steps of 4,096 rows = 2 M rows, 57.11 epochs of the 35,000-row training split (default budget, SAELens's 2 M rows; set training.steps, samples or epochs to change it)",
            defaults.DescribeBudget(488, 35_000));
        var explicitSteps = new SaePlatform.Host.Configuration.Sections.TrainingOptions { Steps = 600, BatchSize = 1024 };
        // 600 x 1,024 = 614,400 rows = 12.29 epochs of 50,000.
        Assert.Equal("600 steps of 1,024 rows = 614,400 rows, 12.29 epochs of the 50,000-row training split", explicitSteps.DescribeBudget(600, 50_000));
    }

    [Fact]
    public void BudgetWarnings_WarmupsLongerThanTheRun_NameTheKeys()
    {
        var training = new SaePlatform.Host.Configuration.Sections.TrainingOptions { LrWarmupSteps = 500, SparsityWarmupSteps = 1000 };
        var warnings = training.BudgetWarnings(totalSteps: 488).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.Contains("training.lr_warmup_steps (500)", warnings[0]);
        Assert.Contains("training.sparsity_warmup_steps (1000)", warnings[1]);
        Assert.Empty(training.BudgetWarnings(totalSteps: 1001));
    }

    [Theory]
    [InlineData(600L, 60L, 120L)]        // the short run of issue 14: AuxK starts at step 60, not never
    [InlineData(8L, 1L, 2L)]
    [InlineData(30_000L, 1000L, 2000L)]  // long runs keep SAELens's windows
    public void ResolveWindows_Unset_ScaleWithTheRunUpToSaeLensValues(long steps, long deadWindow, long densityWindow)
    {
        var training = new SaePlatform.Host.Configuration.Sections.TrainingOptions();

        Assert.Equal(deadWindow, training.ResolveDeadFeatureWindow(steps));
        Assert.Equal(densityWindow, training.ResolveFeatureSamplingWindow(steps));
    }

    [Fact]
    public void ResolveWindows_Set_KeepTheConfiguredSteps()
    {
        var training = new SaePlatform.Host.Configuration.Sections.TrainingOptions { DeadFeatureWindow = 5000, FeatureSamplingWindow = 7 };

        Assert.Equal(5000, training.ResolveDeadFeatureWindow(600));
        Assert.Equal(7, training.ResolveFeatureSamplingWindow(600));
    }

    [Fact]
    public void ReadPluginPaths_AfterExtendsAndSet_ResolvedBeforeComponentsAreKnown()
    {
        _folder.Write("p1/x.txt", "x");
        _folder.Write("p2/x.txt", "x");
        _folder.Write("base.yaml", "plugins: {paths: [p1]}\ndata: {type: not_loaded_yet}\n");
        var path = _folder.Write("x.yaml", "extends: base.yaml\n");

        Assert.Equal([Path.Combine(_folder.Root, "p1")], PluginPathsReader.Read(path));
        var p2 = Path.Combine(_folder.Root, "p2");
        Assert.Equal([p2], PluginPathsReader.Read(path, [$"plugins.paths=[{p2}]"]));
    }

    [Fact]
    public void ReadPluginPaths_MissingFolder_NamesKeyAndLine()
    {
        var path = _folder.Write("x.yaml", "plugins:\n  paths: [nope]\n");

        var ex = Assert.Throws<ConfigException>(() => PluginPathsReader.Read(path));

        Assert.StartsWith($"{path}:2:11 plugins.paths[0]: folder 'nope' not found", Assert.Single(ex.Errors).ToString());
    }
}
