using System.Diagnostics;
using SaePlatform.Host.Runs;
using SaePlatform.Host.Tests.Support;
using SaePlatform.Host.Training.Checkpoints;

namespace SaePlatform.Host.Tests.EndToEnd;

/// <summary>SIGINT to a real <c>sae train</c> process: it finishes the step, saves and exits 130.</summary>
public sealed class InterruptTests
{
    [Fact]
    public async Task Train_Sigint_ExitsWith130LeavingALoadableCheckpointAndHistory()
    {
        var dir = Repository.NewTempDirectory();
        var config = Path.Combine(Repository.Root, "configs", "quickstart.yaml");
        var info = SaeProcess.StartInfo(dir, ["train", config, "--set", "training.steps=1000000", "--set", "training.log_every=1", "--set", "data.rows=20000",
            "--set", "training.batch_size=256", "--set", "training.lr_warmup_steps=0", "--set", "run.output_dir=out"]);

        using var process = Process.Start(info)!;
        var started = new TaskCompletionSource();
        var log = new System.Text.StringBuilder();
        void OnLine(object _, DataReceivedEventArgs e)
        {
            if (e.Data is null) return;
            lock (log) log.AppendLine(e.Data);
            if (e.Data.Contains("step 11/1000000", StringComparison.Ordinal)) started.TrySetResult();
        }
        process.ErrorDataReceived += OnLine;
        process.OutputDataReceived += OnLine;
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();

        bool trained = await Task.WhenAny(started.Task, Task.Delay(TimeSpan.FromMinutes(3))) == started.Task;
        if (!trained) process.Kill(entireProcessTree: true);
        Assert.True(trained, "training never started: " + log);
        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) kill.WaitForExit();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("sae train did not exit after SIGINT: " + log);
        }

        Assert.True(process.ExitCode == 130, $"exit code {process.ExitCode}: {log}");
        var model = Path.Combine(dir, "out", "quickstart");
        var latest = CheckpointStore.Latest(Path.Combine(model, "synthetic", "checkpoints"));
        Assert.NotNull(latest);
        var checkpoint = CheckpointStore.Read(latest);
        Assert.False(checkpoint.Finished);
        Assert.True(checkpoint.Step >= 11);
        Assert.Equal(checkpoint.Step - 1, checkpoint.History.Steps[^1]);   // log_every 1: every completed step is in it
        Assert.Equal(512, SavedSae.Read(latest).FeatureCount);             // the checkpoint is also an SAELens folder
        var history = HistoryFiles.ReadJson(Path.Combine(model, "synthetic_training_history.json"));
        Assert.Equal(checkpoint.History.Steps, history.Steps);
        Assert.True(File.Exists(Path.Combine(model, "synthetic", "sae_weights.safetensors")));
        // A run stopped by Ctrl+C is never called converged, however flat its loss.
        var health = SaePlatform.Host.Runs.RunHealthFile.Read(Path.Combine(model, "synthetic_run_health.json"));
        Assert.Equal(SaePlatform.Contracts.Runs.RunVerdict.Interrupted, health.Verdict);
        Assert.StartsWith($"stopped at step {checkpoint.Step} of 1000000", health.Reasons[0]);
        Assert.Contains("Verdict for quickstart/synthetic: interrupted (stopped at step", log.ToString());

        // `--resume` (no folder) continues from that checkpoint; a shorter budget lets it finish here.
        long until = checkpoint.Step + 5;
        var resumed = SaeProcess.Run(dir, "train", config, "--resume", "--set", $"training.steps={until}", "--set", "training.log_every=1",
            "--set", "data.rows=20000", "--set", "training.batch_size=256", "--set", "training.lr_warmup_steps=0", "--set", "run.output_dir=out");
        Assert.True(resumed.ExitCode == 0, resumed.All);
        Assert.Contains($"step {checkpoint.Step} of {until}", resumed.All);
        var full = HistoryFiles.ReadJson(Path.Combine(model, "synthetic_training_history.json"));
        Assert.Equal(Enumerable.Range(0, (int)until).Select(i => (long)i), full.Steps);
    }
}
