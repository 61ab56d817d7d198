using System.Diagnostics;
using System.Globalization;
using System.Text;
using SaePlatform.Contracts.Runs;
using SaePlatform.Host.Runs;
using SaePlatform.Host.Tests.Support;
using SaePlatform.Host.Training.Checkpoints;
using SaePlatform.Tensors.IO;

namespace SaePlatform.Host.Tests.EndToEnd;

/// <summary><c>sae sweep</c> as a user runs it: points as child processes, N at a time, failures isolated, stop and resume.</summary>
public sealed class SweepCommandTests
{
    private static string Config(string dir, string grid, bool nanInLayer8 = false)
    {
        SweepTrainTests.WriteNpy(Path.Combine(dir, "acts", "resid_6.npy"), 600, 8, 1);
        SweepTrainTests.WriteNpy(Path.Combine(dir, "acts", "resid_8.npy"), 600, 12, 2);
        if (nanInLayer8)
        {
            using var file = File.OpenWrite(Path.Combine(dir, "acts", "resid_8.npy"));
            file.Seek(-4, SeekOrigin.End);
            file.Write(BitConverter.GetBytes(float.NaN));
        }
        var path = Path.Combine(dir, "sweep.yaml");
        File.WriteAllText(path, $$"""
            run: {model: toy, layers: [6, 8], output_dir: {{Path.Combine(dir, "out")}}}
            data: {type: npy, path: "acts/resid_{layer}.npy"}
            architecture: {type: topk, k: 2, d_sae: 32}
            training: {steps: 30, batch_size: 64, log_every: 5, lr_warmup_steps: 0}
            visualizers: []
            sweep:
              grid: {{{grid}}}
            """);
        return path;
    }

    [Fact]
    public void Jobs2_EveryPointInItsFolder_AFailingPointDoesNotStopTheOthers()
    {
        var dir = Repository.NewTempDirectory();
        var config = Config(dir, "architecture.k: [1, 2]", nanInLayer8: true);

        var result = SaeProcess.Run(dir, "sweep", config, "--jobs", "2");

        // Layer 8's file holds a NaN: its two points fail with the data-error code, layer 6's two train.
        Assert.True(result.ExitCode == 1, result.All);
        var model = Path.Combine(dir, "out", "toy");
        foreach (var point in new[] { "k=1", "k=2" })
        {
            Assert.True(File.Exists(Path.Combine(model, point, "6_evaluation.json")), result.All);
            Assert.Equal(int.Parse(point[2..], CultureInfo.InvariantCulture), JsonNumbersOf(Path.Combine(model, point, "6_evaluation.json"), "l0"), 3);
            Assert.False(File.Exists(Path.Combine(model, point, "8_evaluation.json")));
            var log = Path.Combine(model, point, "8_sweep.log");
            Assert.Contains("NaN", File.ReadAllText(log), StringComparison.Ordinal);
            // The summary table names the failed point with its exit code and log.
            Assert.Contains(result.StdOut.Split('\n'), l => l.Contains("failed", StringComparison.Ordinal) && l.Contains($"  {point}  ", StringComparison.Ordinal)
                && l.Contains("toy/8  3 ", StringComparison.Ordinal) && l.Contains(log, StringComparison.Ordinal));
        }
        Assert.Contains("2 of 4 point(s) failed", result.All, StringComparison.Ordinal);

        // The summary: one row per point and layer, values read back from each run's evaluation file.
        var rows = ReadCsv(Path.Combine(model, "sweep_summary.csv"));
        Assert.Equal(4, rows.Count);
        foreach (var row in rows)
        {
            Assert.Equal(row["point"], "k=" + row["architecture.k"]);
            if (row["layer"] == "8")
            {
                Assert.Equal(("failed", "3", ""), (row["status"], row["exit_code"], row["test_explained_variance"]));
                continue;
            }
            var evaluation = Path.Combine(model, row["point"], "6_evaluation.json");
            Assert.Equal(("done", "0", "30"), (row["status"], row["exit_code"], row["steps"]));
            foreach (var (column, key) in new[] { ("test_explained_variance", "explained_variance"), ("l0", "l0"), ("mse", "mse_per_row_mean"), ("dead_fraction", "dead_fraction") })
                Assert.Equal(JsonNumbersOf(evaluation, key), double.Parse(row[column], CultureInfo.InvariantCulture), 12);
            Assert.True(double.Parse(row["wall_seconds"], CultureInfo.InvariantCulture) > 0);
        }
        Assert.True(File.Exists(Path.Combine(model, "sweep_summary.json")));
        var pareto = Path.Combine(model, "sweep_pareto.png");
        Assert.True(new FileInfo(pareto).Length > 1000);

        // `sae plot --sweep` writes them again from the runs' files.
        File.Delete(pareto);
        File.Delete(Path.Combine(model, "sweep_summary.csv"));
        var plot = SaeProcess.Run(dir, "plot", "--sweep", config);
        Assert.True(plot.ExitCode == 0, plot.All);
        Assert.True(File.Exists(pareto));
        Assert.Equal(rows.Select(r => r["test_explained_variance"]), ReadCsv(Path.Combine(model, "sweep_summary.csv")).Select(r => r["test_explained_variance"]));
    }

    // A plain reader: the summary's cells hold no commas except in the log path, which is the last column.
    private static List<Dictionary<string, string>> ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        return [.. lines.Skip(1).Select(l => l.Split(',', header.Length)).Select(cells => header.Zip(cells).ToDictionary(p => p.First, p => p.Second))];
    }

    private static double JsonNumbersOf(string path, string key)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.GetProperty(key).GetDouble();
    }

    [Fact]
    public async Task StoppedSweep_ResumeKeepsFinishedPointsAndContinuesInterruptedOnes()
    {
        var dir = Repository.NewTempDirectory();
        var config = Config(dir, "architecture.k: [1, 2]");
        File.WriteAllText(config, File.ReadAllText(config).Replace("layers: [6, 8]", "layer: 6", StringComparison.Ordinal));
        var model = Path.Combine(dir, "out", "toy");

        // Point 0 is trained on its own first (as a Slurm task or an earlier sweep would).
        var first = SaeProcess.Run(dir, "train", config, "--sweep-point", "0");
        Assert.True(first.ExitCode == 0, first.All);
        var finished = Path.Combine(model, "k=1", "6_evaluation.json");
        var finishedAt = File.GetLastWriteTimeUtc(finished);

        // A long sweep, stopped with SIGTERM once point 1 has written a checkpoint.
        var checkpoints = Path.Combine(model, "k=2", "6", "checkpoints");
        var (code, output) = await RunUntil(dir, () => CheckpointStore.List(checkpoints).Count > 0,
            "sweep", config, "--resume", "--set", "training.steps=1000000", "--set", "training.checkpoint_every=50");
        Assert.True(code == 130, output);
        Assert.Equal(RunOutcome.Interrupted, RunHealthFile.Read(Path.Combine(model, "k=2", "6_run_health.json")).Outcome);
        var stoppedAt = CheckpointStore.Read(CheckpointStore.Latest(checkpoints)!).Step;

        var resumed = SaeProcess.Run(dir, "sweep", config, "--resume", "--set", $"training.steps={stoppedAt + 20}");

        Assert.True(resumed.ExitCode == 0, resumed.All);
        Assert.Contains("1 run(s) finished already, 1 resume from their checkpoints, 0 start afresh", resumed.All, StringComparison.Ordinal);
        Assert.Equal(finishedAt, File.GetLastWriteTimeUtc(finished));
        var health = RunHealthFile.Read(Path.Combine(model, "k=2", "6_run_health.json"));
        Assert.Equal((RunOutcome.Completed, stoppedAt + 20), (health.Outcome, health.StepsCompleted));
        Assert.Contains($"step {stoppedAt}", File.ReadAllText(Path.Combine(model, "k=2", "6_sweep.log")), StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output)> RunUntil(string dir, Func<bool> ready, params string[] args)
    {
        using var process = Process.Start(SaeProcess.StartInfo(dir, args))!;
        var log = new StringBuilder();
        void OnLine(object _, DataReceivedEventArgs e)
        {
            lock (log) log.AppendLine(e.Data);
        }
        process.ErrorDataReceived += OnLine;
        process.OutputDataReceived += OnLine;
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (!ready() && !process.HasExited && DateTime.UtcNow < deadline) await Task.Delay(100);
        if (!process.HasExited)
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("sae did not exit after SIGTERM: " + log);
        }
        lock (log) return (process.ExitCode, log.ToString());
    }
}
