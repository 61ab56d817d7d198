using SaePlatform.Contracts.Runs;
using SaePlatform.Host.Runs;
using SaePlatform.Host.Tests.Support;
using SaePlatform.Host.Training.Health;

namespace SaePlatform.Host.Tests.EndToEnd;

/// <summary>One dead-feature window for the metric, AuxK and the warnings (issue 24), scaled to a short run.</summary>
public sealed class DeadFeatureWindowTests
{
    private static string TopK => Path.Combine(Repository.Root, "configs", "topk.yaml");
    private static readonly string[] Small = ["--set", "training.log_every=1", "--set", "data.rows=20000", "--set", "training.batch_size=256", "--set", "visualizers=[]"];

    [Fact]
    public void Train_ShortTopKRun_AuxKStartsWhenTheDeadMetricSaysAFeatureIsDead()
    {
        // 60 steps and no window set: W = 6, a tenth of the run. (The old default, 1000 steps, never started AuxK here.)
        var dir = Repository.NewTempDirectory();
        var result = SaeProcess.Run(dir, ["train", TopK, "--set", "training.steps=60", "--set", "run.output_dir=out", .. Small]);
        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("dead after 6 idle steps (training.dead_feature_window)", result.All);
        Assert.Contains("dead not known yet", result.All);                                   // step 1, before the window
        Assert.Matches(@"step 60/60 .* dead \d+\.\d %", result.All);                         // the last progress line

        var model = Path.Combine(dir, "out", "topk-demo");
        var history = HistoryFiles.ReadJson(Path.Combine(model, "synthetic_training_history.json"));
        var aux = history.Get(MetricNames.AuxiliaryLoss)!;
        var dead = history.Get(MetricNames.DeadFeatures)!;
        Assert.Equal(60, history.Steps.Count);
        // Before W steps no feature can be dead for AuxK, and the metric is not logged yet.
        for (int s = 0; s < 6; s++) Assert.Equal(0.0, aux[s]);
        for (int s = 0; s < 5; s++) Assert.True(double.IsNaN(dead[s]), $"dead_features logged at step {s}, before the window");
        // From then on AuxK at step s runs exactly when the metric counted a dead feature after step s - 1: the same window.
        int auxSteps = 0;
        for (int s = 6; s < 60; s++)
        {
            Assert.True(aux[s] > 0 == dead[s - 1] > 0, $"step {s}: AuxK {aux[s]} but dead_features after step {s - 1} = {dead[s - 1]}");
            if (aux[s] > 0) auxSteps++;
        }
        Assert.True(auxSteps > 0, "no feature was ever dead: the test shows nothing");

        var health = RunHealthFile.Read(Path.Combine(model, "synthetic_run_health.json"));
        Assert.Equal((RunOutcome.Completed, 60L, 60L), (health.Outcome, health.StepsCompleted, health.StepsPlanned));
        Assert.Contains($"Verdict for topk-demo/synthetic: {health.Summary}", result.All);
    }

    [Fact]
    public void Train_ArchitectureDeadFeatureWindow_ExitsTwoNamingTheTrainingKey()
    {
        var dir = Repository.NewTempDirectory();
        var result = SaeProcess.Run(dir, ["train", TopK, "--set", "training.steps=5", "--set", "architecture.dead_feature_window=50", "--set", "run.output_dir=out", .. Small]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("set training.dead_feature_window: 50 instead", result.All);
        Assert.False(Directory.Exists(Path.Combine(dir, "out", "topk-demo", "synthetic")));
    }

    [Fact]
    public void Train_WindowLongerThanTheRun_WarnsNamingTheKey()
    {
        var dir = Repository.NewTempDirectory();
        var result = SaeProcess.Run(dir, ["train", TopK, "--set", "training.steps=20", "--set", "training.lr_warmup_steps=0", "--set", "training.dead_feature_window=1000", "--set", "run.output_dir=out", .. Small]);

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("training.dead_feature_window = 1000 steps is not shorter than the run (20 steps)", result.All);
    }
}
