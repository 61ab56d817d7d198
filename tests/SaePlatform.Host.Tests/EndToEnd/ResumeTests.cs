using SaePlatform.Contracts.Runs;
using SaePlatform.Host.Runs;
using SaePlatform.Host.Tests.Support;
using SaePlatform.Host.Training;
using SaePlatform.Host.Training.Checkpoints;
using SaePlatform.Tensors.IO;
using static SaePlatform.Host.Tests.Support.InProcessRuns;

namespace SaePlatform.Host.Tests.EndToEnd;

/// <summary>
/// Train 2N steps; train, interrupt after N, resume: the two runs must write the same bytes (history, CSV, weights,
/// sparsity, evaluation). Runs the real runner in-process with the built plugins, so the interruption lands on an
/// exact step.
/// </summary>
public sealed class ResumeTests
{
    private static string TopK => Path.Combine(Repository.Root, "configs", "topk.yaml");

    [Fact]
    public void Resume_AfterInterruptAtStepN_WritesTheSameHistoryAndWeightsAsAnUninterruptedRun()
    {
        var dir = Repository.NewTempDirectory();
        string straight = Path.Combine(dir, "straight"), resumed = Path.Combine(dir, "resumed");

        var (runner, plan) = Build(straight, []);
        Assert.Equal(ExitCodes.Success, runner.Run(plan, CancellationToken.None));

        // Step 30 is logged (log_every 10); the runner stops before step 31 and checkpoints 31 steps, between
        // validation passes (25, 50) and feature-sampling windows (20, 40).
        using var cts = new CancellationTokenSource();
        var (interrupted, plan2) = Build(resumed, [], _ => [new CancelAfter(30, cts)]);
        Assert.Equal(ExitCodes.Interrupted, interrupted.Run(plan2, cts.Token));
        string checkpoints = Path.Combine(resumed, "quickstart", "synthetic", "checkpoints");
        Assert.Equal([31L], CheckpointStore.List(checkpoints).Select(c => c.Step));

        var (again, plan3) = Build(resumed, []);
        Assert.Equal(ExitCodes.Success, again.Run(plan3, CancellationToken.None, new ResumeRequest(null)));

        foreach (var file in new[] { "synthetic_training_history.json", "synthetic_training_log.csv", "synthetic_evaluation.json",
                     "synthetic/sae_weights.safetensors", "synthetic/sparsity.safetensors", "synthetic/cfg.json" })
        {
            var a = File.ReadAllBytes(Path.Combine(straight, "quickstart", file));
            var b = File.ReadAllBytes(Path.Combine(resumed, "quickstart", file));
            Assert.True(a.AsSpan().SequenceEqual(b), $"{file} differs between the straight and the resumed run");
        }
        // The resumed run ends with a final checkpoint, so a later --resume does not go back to step 31.
        var latest = CheckpointStore.Read(CheckpointStore.Latest(checkpoints)!);
        Assert.True(latest.Finished);
        Assert.Equal(80, latest.Step);
        // The history really holds validation rows and runs to the last step.
        var history = HistoryFiles.ReadJson(Path.Combine(resumed, "quickstart", "synthetic_training_history.json"));
        Assert.Equal(79, history.Steps[^1]);
        Assert.Contains("validation/losses/overall_loss", history.MetricNames);
    }

    [Fact]
    public void Resume_FinishedRun_SkipsItAndChangesNothing()
    {
        var dir = Repository.NewTempDirectory();
        var (runner, plan) = Build(dir, ["training.steps=20", "training.checkpoint_every=10", "training.lr_warmup_steps=5"]);
        Assert.Equal(ExitCodes.Success, runner.Run(plan, CancellationToken.None));
        var historyPath = Path.Combine(dir, "quickstart", "synthetic_training_history.json");
        var before = File.GetLastWriteTimeUtc(historyPath);
        var checkpoints = CheckpointStore.List(Path.Combine(dir, "quickstart", "synthetic", "checkpoints"));
        Assert.Equal([10L, 20L], checkpoints.Select(c => c.Step));
        Assert.True(CheckpointStore.Read(checkpoints[^1].Folder).Finished);

        var (again, plan2) = Build(dir, ["training.steps=20", "training.checkpoint_every=10", "training.lr_warmup_steps=5"]);
        Assert.Equal(ExitCodes.Success, again.Run(plan2, CancellationToken.None, new ResumeRequest(null)));
        Assert.Equal(before, File.GetLastWriteTimeUtc(historyPath));
    }

    [Fact]
    public void Resume_FromAGivenEarlierCheckpoint_RewritesTheSameFiles()
    {
        var dir = Repository.NewTempDirectory();
        string[] extra = ["training.checkpoint_every=20", "training.keep_checkpoints=0"];
        var (runner, plan) = Build(dir, extra);
        Assert.Equal(ExitCodes.Success, runner.Run(plan, CancellationToken.None));
        var model = Path.Combine(dir, "quickstart");
        var before = File.ReadAllBytes(Path.Combine(model, "synthetic_training_history.json"));
        var weights = File.ReadAllBytes(Path.Combine(model, "synthetic", "sae_weights.safetensors"));
        var step40 = Path.Combine(model, "synthetic", "checkpoints", CheckpointStore.FolderName(40));
        File.Delete(Path.Combine(model, "synthetic_training_history.json"));

        var (again, plan2) = Build(dir, extra);
        TrainingRunner.CheckResumeFolder(plan2, step40);
        Assert.Equal(ExitCodes.Success, again.Run(plan2, CancellationToken.None, new ResumeRequest(step40)));

        Assert.Equal(before, File.ReadAllBytes(Path.Combine(model, "synthetic_training_history.json")));
        Assert.Equal(weights, File.ReadAllBytes(Path.Combine(model, "synthetic", "sae_weights.safetensors")));
        var bogus = Repository.NewTempDirectory();
        var ex = Assert.Throws<ArgumentException>(() => TrainingRunner.CheckResumeFolder(plan2, bogus));
        Assert.Contains(bogus, ex.Message);
    }

    [Fact]
    public void Resume_CheckpointWithTheFormerArchitectureDeadFeatureCounters_IgnoresThemAndRewritesTheSameFiles()
    {
        // Before the host owned the only dead-feature tracker, topk, batchtopk, matryoshka and jumprelu checkpointed
        // counters of their own (extra_state.steps_since_fired = step - last_fired). Such a checkpoint still resumes,
        // to the same bytes: the host's last_fired holds the same information.
        var dir = Repository.NewTempDirectory();
        string[] extra = ["architecture.d_sae=128", "architecture.k=4", "training.dead_feature_window=5",
            "training.checkpoint_every=40", "training.keep_checkpoints=0"];
        var (runner, plan) = Build(dir, extra, config: TopK);
        Assert.Equal(ExitCodes.Success, runner.Run(plan, CancellationToken.None));
        var model = Path.Combine(dir, "topk-demo");
        var historyPath = Path.Combine(model, "synthetic_training_history.json");
        var before = File.ReadAllBytes(historyPath);
        var weights = File.ReadAllBytes(Path.Combine(model, "synthetic", "sae_weights.safetensors"));
        var auxK = HistoryFiles.ReadJson(historyPath).Get(MetricNames.AuxiliaryLoss)!;
        Assert.Contains(auxK, v => v > 0);   // dead features, and so the counters, matter in this run

        var step40 = Path.Combine(model, "synthetic", "checkpoints", CheckpointStore.FolderName(40));
        AddFormerCounters(step40, 40);
        Assert.Contains("steps_since_fired", File.ReadAllText(Path.Combine(step40, "trainer_state.json")));
        File.Delete(historyPath);

        var (again, plan2) = Build(dir, extra, config: TopK);
        Assert.Equal(ExitCodes.Success, again.Run(plan2, CancellationToken.None, new ResumeRequest(step40)));

        Assert.Equal(before, File.ReadAllBytes(historyPath));
        Assert.Equal(weights, File.ReadAllBytes(Path.Combine(model, "synthetic", "sae_weights.safetensors")));
    }

    // Writes extra_state.steps_since_fired as the architectures did, and the manifest entry that checks the file.
    private static void AddFormerCounters(string folder, long step)
    {
        string path = Path.Combine(folder, "trainer_state.json");
        var state = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var counters = state["last_fired"]!.AsArray().Select(v => (System.Text.Json.Nodes.JsonNode?)(double)(step - v!.GetValue<long>())).ToArray();
        state["extra_state"] = new System.Text.Json.Nodes.JsonObject { ["steps_since_fired"] = new System.Text.Json.Nodes.JsonArray(counters) };
        File.WriteAllText(path, state.ToJsonString());
        var bytes = File.ReadAllBytes(path);
        string manifestPath = Path.Combine(folder, "manifest.json");
        var manifest = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(manifestPath))!;
        var entry = manifest["files"]!.AsArray().Single(f => f!["name"]!.GetValue<string>() == "trainer_state.json")!;
        entry["size"] = bytes.Length;
        entry["sha256"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        File.WriteAllText(manifestPath, manifest.ToJsonString());
    }

    [Fact]
    public void Checkpoints_KeepCheckpoints_KeepsOnlyTheNewest()
    {
        var dir = Repository.NewTempDirectory();
        var (runner, plan) = Build(dir, ["training.steps=50", "training.checkpoint_every=10", "training.keep_checkpoints=2"]);
        Assert.Equal(ExitCodes.Success, runner.Run(plan, CancellationToken.None));
        var root = Path.Combine(dir, "quickstart", "synthetic", "checkpoints");
        Assert.Equal([40L, 50L], CheckpointStore.List(root).Select(c => c.Step));
        Assert.Empty(Directory.GetDirectories(root, ".*"));   // no temporary folder left behind
    }

    [Fact]
    public void EarlyStopping_ValidationLossThatStopsImproving_StopsAtTheStepTheRulePredicts()
    {
        // A learning rate that makes the validation loss rise after a few evaluations; the rule is replayed on the
        // validation column of the history to find where it should have stopped.
        var dir = Repository.NewTempDirectory();
        var (runner, plan) = Build(dir, ["training.steps=400", "training.eval_every=10", "training.patience=3", "training.min_delta=0.001",
            "training.sparsity_warmup_steps=200"]);
        Assert.Equal(ExitCodes.Success, runner.Run(plan, CancellationToken.None));

        var history = HistoryFiles.ReadJson(Path.Combine(dir, "quickstart", "synthetic_training_history.json"));
        var validation = history.Get("validation/losses/overall_loss")!;
        var rule = new EarlyStopping(3, 0.001);
        long expected = -1;
        for (int i = 0; i < history.Steps.Count && expected < 0; i++)
            if (!double.IsNaN(validation[i]) && rule.Observe(history.Steps[i], validation[i])) expected = history.Steps[i];

        Assert.True(expected > 0 && expected < 399, $"the crafted run should stop early (rule says step {expected})");
        Assert.Equal(expected, history.Steps[^1]);
    }

    // min_delta far above any loss change: only the first validation (step 9) improves, and patience 3 stops after the
    // validations at steps 19, 29 and 39 (40 steps done), well before the 200-step budget.
    private static readonly string[] BestAtFirstValidation =
        ["training.steps=200", "training.eval_every=10", "training.patience=3", "training.min_delta=1e9"];

    private static Dictionary<string, float[]> Weights(string folder)
    {
        var file = SafetensorsFile.Read(Path.Combine(folder, "sae_weights.safetensors"));
        return file.Names.ToDictionary(n => n, n => file[n].ToArray());
    }

    [Theory]
    [InlineData(true, 10)]
    [InlineData(false, 40)]
    public void EarlyStopping_RestoreBestWeights_SavesAndEvaluatesTheBestValidationStepsWeights(bool restore, long expectedStep)
    {
        var dir = Repository.NewTempDirectory();
        var (runner, plan) = Build(dir, [.. BestAtFirstValidation, "training.checkpoint_every=10", "training.keep_checkpoints=0",
            $"training.restore_best_weights={(restore ? "true" : "false")}"]);
        Assert.Equal(ExitCodes.Success, runner.Run(plan, CancellationToken.None));

        var model = Path.Combine(dir, "quickstart");
        var history = HistoryFiles.ReadJson(Path.Combine(model, "synthetic_training_history.json"));
        Assert.Equal(39, history.Steps[^1]);   // stopped early, as crafted
        var checkpoints = Path.Combine(model, "synthetic", "checkpoints");
        Assert.Equal([10L, 20L, 30L, 40L], CheckpointStore.List(checkpoints).Select(c => c.Step));

        // The saved SAE is the one the checkpoint after the chosen step holds (same folding, same files).
        var saved = Weights(Path.Combine(model, "synthetic"));
        var expected = Weights(Path.Combine(checkpoints, CheckpointStore.FolderName(expectedStep)));
        var other = Weights(Path.Combine(checkpoints, CheckpointStore.FolderName(restore ? 40 : 10)));
        Assert.Equal(expected.Keys.Order(), saved.Keys.Order());
        foreach (var (name, values) in expected) Assert.True(values.AsSpan().SequenceEqual(saved[name]), $"{name} differs from step {expectedStep}'s");
        Assert.False(other["W_enc"].AsSpan().SequenceEqual(saved["W_enc"]), "training changed nothing between steps 10 and 40");
        // The evaluation is of those weights, and says which step they are from.
        using var evaluation = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(model, "synthetic_evaluation.json")));
        Assert.Equal(expectedStep, evaluation.RootElement.GetProperty("step").GetInt64());
        // The final checkpoint keeps the weights as trained to step 40, and the best copy from step 9 with them.
        var final = CheckpointStore.Read(Path.Combine(checkpoints, CheckpointStore.FolderName(40)));
        Assert.Equal(restore ? 9L : null, final.Best?.Step);
    }

    [Fact]
    public void Resume_InterruptBetweenBestValidationAndEarlyStop_RestoresTheSameWeightsAsAnUninterruptedRun()
    {
        var dir = Repository.NewTempDirectory();
        string straight = Path.Combine(dir, "straight"), resumed = Path.Combine(dir, "resumed");
        var (runner, plan) = Build(straight, BestAtFirstValidation);
        Assert.Equal(ExitCodes.Success, runner.Run(plan, CancellationToken.None));

        // Cancelled at the first observed step from 15 (the validation row of step 19), so 20 steps are checkpointed:
        // the best point (step 9) is before the checkpoint, the stop (step 39) after it.
        using var cts = new CancellationTokenSource();
        var (interrupted, plan2) = Build(resumed, BestAtFirstValidation, _ => [new CancelAfter(15, cts)]);
        Assert.Equal(ExitCodes.Interrupted, interrupted.Run(plan2, cts.Token));
        var checkpoint = CheckpointStore.Read(CheckpointStore.Latest(Path.Combine(resumed, "quickstart", "synthetic", "checkpoints"))!);
        Assert.Equal((20L, 9L), (checkpoint.Step, checkpoint.Best!.Step));

        var (again, plan3) = Build(resumed, BestAtFirstValidation);
        Assert.Equal(ExitCodes.Success, again.Run(plan3, CancellationToken.None, new ResumeRequest(null)));

        foreach (var file in new[] { "synthetic_training_history.json", "synthetic_evaluation.json", "synthetic/sae_weights.safetensors", "synthetic/sparsity.safetensors" })
        {
            var a = File.ReadAllBytes(Path.Combine(straight, "quickstart", file));
            var b = File.ReadAllBytes(Path.Combine(resumed, "quickstart", file));
            Assert.True(a.AsSpan().SequenceEqual(b), $"{file} differs between the straight and the resumed run");
        }
        using var evaluation = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(resumed, "quickstart", "synthetic_evaluation.json")));
        Assert.Equal(10, evaluation.RootElement.GetProperty("step").GetInt64());
    }
}
