using System.Text.Json;
using SaePlatform.Contracts.Runs;
using SaePlatform.Host.Tests.Support;
using SaePlatform.Host.Training;
using SaePlatform.Tensors;
using SaePlatform.Tensors.IO;
using static SaePlatform.Host.Tests.Support.InProcessRuns;

namespace SaePlatform.Host.Tests.Engine;

/// <summary>
/// <c>training.device: simdevice</c>: every built-in architecture's demo config trains on memory host code cannot
/// address and writes the same weights, sparsity and evaluation bytes as on the CPU; a resume on the simulated device is
/// byte-identical; each logged step reports what it moved between host and device.
/// </summary>
public sealed class SimDeviceTrainingTests
{
    public static TheoryData<string> Configs => new() { "quickstart", "topk", "batchtopk", "gated", "jumprelu", "matryoshka", "sparse_ae" };

    [Theory]
    [MemberData(nameof(Configs))]
    public void DemoConfig_OnTheSimulatedDevice_WritesTheSameFilesAsOnTheCpu(string name)
    {
        var dir = Repository.NewTempDirectory();
        string config = Path.Combine(Repository.Root, "configs", name + ".yaml");
        string cpu = Path.Combine(dir, "cpu"), sim = Path.Combine(dir, "simdevice");
        string[] extra = ["training.log_every=1", "training.steps=40", "training.lr_warmup_steps=5", "training.lr_decay_steps=0"];
        // ReLU codes stay dense on a device (as on a GPU: no read of how many fire), so the CPU reference runs with its
        // sparse path off; every other architecture runs the same ops either way.
        string[] cpuOnly = name is "quickstart" or "gated" ? ["training.device=cpu", "architecture.sparse_below=0"] : ["training.device=cpu"];
        var (onCpu, cpuPlan) = Build(cpu, [.. extra, .. cpuOnly], config: config);
        Assert.Equal(ExitCodes.Success, onCpu.Run(cpuPlan, CancellationToken.None));
        var (onDevice, simPlan) = Build(sim, [.. extra, "training.device=simdevice"], config: config);
        Assert.Equal(ExitCodes.Success, onDevice.Run(simPlan, CancellationToken.None));

        var compared = Outputs(cpu).ToList();
        Assert.Contains(compared, f => f.EndsWith("sae_weights.safetensors", StringComparison.Ordinal));
        Assert.Contains(compared, f => f.EndsWith("_evaluation.json", StringComparison.Ordinal));
        foreach (var file in compared)
        {
            var a = File.ReadAllBytes(Path.Combine(cpu, file));
            var b = File.ReadAllBytes(Path.Combine(sim, file));
            Assert.True(a.AsSpan().SequenceEqual(b), $"{name}: {file} differs between cpu and simdevice");
        }

        // Every step of the device run says what it moved; the CPU run has no such columns.
        var deviceRows = HistoryRows(sim);
        Assert.Equal(40, deviceRows.Count);
        Assert.All(deviceRows, row => Assert.True(row.ContainsKey(MetricNames.DeviceHostReads) && row.ContainsKey(MetricNames.DeviceLargestTransfer)));
        Assert.DoesNotContain(HistoryRows(cpu), row => row.ContainsKey(MetricNames.DeviceHostReads));
    }

    /// <summary>
    /// Issue 22's bound: a training step reads back once, a few scalars whatever d_sae (the loss terms, the gradient norm,
    /// the reconstruction statistics and the firing counters' summary), and moves nothing large. Any new per-step host
    /// read or large transfer fails here.
    /// </summary>
    [Theory]
    [MemberData(nameof(Configs))]
    public void TrainingSteps_OnTheSimulatedDevice_ReadBackOnceAndLittle(string name)
    {
        var dir = Repository.NewTempDirectory();
        var (runner, plan) = Build(dir, ["training.log_every=1", "training.steps=30", "training.lr_warmup_steps=5", "training.lr_decay_steps=0",
            "training.device=simdevice"], config: Path.Combine(Repository.Root, "configs", name + ".yaml"));
        Assert.Equal(ExitCodes.Success, runner.Run(plan, CancellationToken.None));
        var rows = HistoryRows(dir);
        Assert.Equal(30, rows.Count);
        foreach (var row in rows)
        {
            Assert.Equal(1, row[MetricNames.DeviceHostReads].GetDouble());
            Assert.InRange(row[MetricNames.DeviceLargestTransfer].GetDouble(), 1, 16 * 1024);
            // A few scalars, whatever d_sae: the firing counters stay on the device (60-72 bytes here).
            Assert.InRange(row[MetricNames.DeviceBytesToHost].GetDouble(), 1, 128);
        }
        // After the first step (which sets up the firing counters on the device) nothing goes up either, besides the batch:
        // top-k row offsets are written on the device, matryoshka's prefix weights stay there.
        foreach (var row in rows.Skip(1))
        {
            Assert.Equal(0, row[MetricNames.DeviceHostWrites].GetDouble());
            Assert.InRange(row[MetricNames.DeviceLargestTransfer].GetDouble(), 1, 128);
        }
    }

    /// <summary>
    /// Ghost grads while features are dead: the dead features' indices stay on the device (the remedy hooks take an
    /// <c>IndexTensor</c>), so a step still reads back once, and the run equals the CPU's bit for bit.
    /// </summary>
    [Fact]
    public void GhostGrads_OnTheSimulatedDevice_ReadBackOnceAndMatchTheCpu()
    {
        var dir = Repository.NewTempDirectory();
        string[] settings = ["training.log_every=1", "training.steps=80", "training.sparsity_coefficient=20", "training.sparsity_warmup_steps=0",
            "training.lr_warmup_steps=0", "training.dead_feature_window=10", "training.ghost_grads=true", "architecture.sparse_below=0"];
        string cpu = Path.Combine(dir, "cpu"), sim = Path.Combine(dir, "simdevice");
        var (onCpu, cpuPlan) = Build(cpu, [.. settings, "training.device=cpu"]);
        Assert.Equal(ExitCodes.Success, onCpu.Run(cpuPlan, CancellationToken.None));
        var (onDevice, simPlan) = Build(sim, [.. settings, "training.device=simdevice"]);
        Assert.Equal(ExitCodes.Success, onDevice.Run(simPlan, CancellationToken.None));

        var rows = HistoryRows(sim);
        Assert.Contains(rows, row => row[MetricNames.GhostGradLoss].GetDouble() > 0); // features died and ghost grads ran
        Assert.All(rows, row => Assert.Equal(1, row[MetricNames.DeviceHostReads].GetDouble()));
        foreach (var file in Outputs(cpu))
            Assert.True(File.ReadAllBytes(Path.Combine(cpu, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(sim, file))),
                $"{file} differs between cpu and simdevice");
    }

    [Fact]
    public void Resume_OnTheSimulatedDevice_WritesTheSameFilesAsAStraightRun()
    {
        var dir = Repository.NewTempDirectory();
        string straight = Path.Combine(dir, "straight"), resumed = Path.Combine(dir, "resumed");
        string[] extra = ["training.device=simdevice"];
        var (runner, plan) = Build(straight, extra);
        Assert.Equal(ExitCodes.Success, runner.Run(plan, CancellationToken.None));

        RunInterruptedThenResumed(resumed, extra, 30);

        foreach (var file in new[] { "synthetic/sae_weights.safetensors", "synthetic/sparsity.safetensors", "synthetic_evaluation.json" })
        {
            var a = File.ReadAllBytes(Path.Combine(straight, "quickstart", file));
            var b = File.ReadAllBytes(Path.Combine(resumed, "quickstart", file));
            Assert.True(a.AsSpan().SequenceEqual(b), $"{file} differs between the straight and the resumed simdevice run");
        }
    }

    [Fact]
    public void EvalAndEncode_OnTheSimulatedDevice_WriteTheSameFilesAsOnTheCpu()
    {
        var dir = Repository.NewTempDirectory();
        string[] small = ["--set", "training.steps=40", "--set", "training.batch_size=256", "--set", "data.rows=20000", "--set", "training.lr_warmup_steps=5"];
        var train = SaeProcess.Run(dir, ["train", InProcessRuns.Quickstart, "--set", "run.output_dir=out", "--no-progress", .. small]);
        Assert.True(train.ExitCode == 0, train.All);
        string sae = Path.Combine(dir, "out", "quickstart", "synthetic");
        var rows = new float[37 * 64];
        var rng = new Random(5);
        for (int i = 0; i < rows.Length; i++) rows[i] = (float)(rng.NextDouble() * 4 - 2);
        string input = Path.Combine(dir, "rows.npy");
        NpyFile.Write(input, Tensor.FromArray(rows, 37, 64));

        foreach (var device in new[] { "cpu", "simdevice" })
        {
            var encode = SaeProcess.Run(dir, "encode", sae, "--input", input, "--output", $"codes_{device}.npz", "--reconstruct", $"xhat_{device}.npy",
                "--device", device);
            Assert.True(encode.ExitCode == 0, encode.All);
            var eval = SaeProcess.Run(dir, ["eval", sae, "--config", InProcessRuns.Quickstart, "--output", $"eval_{device}.json",
                "--set", $"training.device={device}", .. small]);
            Assert.True(eval.ExitCode == 0, eval.All);
        }
        foreach (var (cpu, sim) in new[] { ("xhat_cpu.npy", "xhat_simdevice.npy"), ("eval_cpu.json", "eval_simdevice.json") })
            Assert.True(File.ReadAllBytes(Path.Combine(dir, cpu)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(dir, sim))), $"{cpu} and {sim} differ");
        // An .npz records its entries' write times, so compare its entries' bytes.
        var cpuEntries = NpzEntries(Path.Combine(dir, "codes_cpu.npz"));
        var simEntries = NpzEntries(Path.Combine(dir, "codes_simdevice.npz"));
        Assert.Equal(["indices.npy", "row_offsets.npy", "shape.npy", "values.npy"], cpuEntries.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(cpuEntries.Keys.Order(StringComparer.Ordinal), simEntries.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, bytes) in cpuEntries) Assert.True(bytes.AsSpan().SequenceEqual(simEntries[name]), $"codes {name} differ");
        Assert.True(cpuEntries["values.npy"].Length > 37 * 4 + 128, "the codes hold more than one feature per row");
    }

    private static Dictionary<string, byte[]> NpzEntries(string path)
    {
        using var zip = System.IO.Compression.ZipFile.OpenRead(path);
        return zip.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var stream = e.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        });
    }

    // Weights, sparsity and evaluation files under a run's output folder, relative to it (not checkpoints).
    private static IEnumerable<string> Outputs(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f))
            .Where(f => !f.Contains("checkpoints", StringComparison.Ordinal) &&
                        (f.EndsWith(".safetensors", StringComparison.Ordinal) || f.EndsWith("_evaluation.json", StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal);

    // The rows of the run's JSONL training log (also for the other device tests of this folder).
    internal static List<Dictionary<string, JsonElement>> HistoryRows(string root)
    {
        var file = Directory.EnumerateFiles(root, "*_training_log.jsonl", SearchOption.AllDirectories).Single();
        return [.. File.ReadLines(file).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(l)!)];
    }
}
