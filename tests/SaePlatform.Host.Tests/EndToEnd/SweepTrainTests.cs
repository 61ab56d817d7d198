using SaePlatform.Host.Cli;
using SaePlatform.Host.Logging;
using SaePlatform.Host.Tests.Robustness;
using SaePlatform.Host.Tests.Support;
using SaePlatform.Tensors.IO;

namespace SaePlatform.Host.Tests.EndToEnd;

/// <summary>
/// <c>sae train</c> on configs that split into runs: per-layer data files through <c>{layer}</c>, and one sweep point
/// through <c>--sweep-point i</c> (in this process, with the built-in plugins).
/// </summary>
public sealed class SweepTrainTests
{
    /// <summary>A float32 .npy of <paramref name="rows"/> x <paramref name="width"/> random values.</summary>
    internal static void WriteNpy(string path, int rows, int width, int seed)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var file = File.Create(path);
        NpyFile.WriteHeader(file, "<f4", [rows, width]);
        var rng = new Random(seed);
        var buffer = new byte[4];
        for (long i = 0; i < (long)rows * width; i++)
        {
            BitConverter.TryWriteBytes(buffer, (float)(rng.NextDouble() * 2 - 1));
            file.Write(buffer);
        }
    }

    private static (int Code, RecordingLoggers Log, string Output) Train(string config, bool dryRun = false, int? point = null, params string[] sets)
    {
        var loggers = new RecordingLoggers();
        using var output = new StringWriter();
        var code = TrainCommand.Execute(config, sets, dryRun, null, loggers, _ => InProcessTrain.Plugins, new RunLogFileSink(), output, false, CancellationToken.None, sweepPoint: point);
        return (code, loggers, output.ToString());
    }

    private static string Config(string dir, string extra = "")
    {
        // Widths differ per layer, so each saved SAE shows which file it was trained on.
        WriteNpy(Path.Combine(dir, "acts", "resid_6.npy"), 600, 8, 1);
        WriteNpy(Path.Combine(dir, "acts", "resid_8.npy"), 600, 12, 2);
        var path = Path.Combine(dir, "sweep.yaml");
        File.WriteAllText(path, $$"""
            run: {model: toy, layers: [6, 8], output_dir: {{Path.Combine(dir, "out")}}}
            data: {type: npy, path: "acts/resid_{layer}.npy"}
            architecture: {type: topk, k: 2, d_sae: 32}
            training: {steps: 6, batch_size: 64, log_every: 2, lr_warmup_steps: 0, threads: 1}
            visualizers: []
            {{extra}}
            """);
        return path;
    }

    private static int[] DecoderShape(string saeFolder) => SafetensorsFile.Read(Path.Combine(saeFolder, "sae_weights.safetensors"))["W_dec"].Shape.ToArray();

    [Fact]
    public void LayerPlaceholder_EachLayerTrainsOnItsOwnFile()
    {
        var dir = Repository.NewTempDirectory();
        var (code, log, _) = Train(Config(dir));

        Assert.True(code == 0, string.Join("\n", log.Errors));
        var model = Path.Combine(dir, "out", "toy");
        Assert.Equal([32, 8], DecoderShape(Path.Combine(model, "6")));
        Assert.Equal([32, 12], DecoderShape(Path.Combine(model, "8")));
        Assert.Contains("resid_8.npy", File.ReadAllText(Path.Combine(model, "8_config.yaml")), StringComparison.Ordinal);
    }

    [Fact]
    public void DryRun_ShowsEachRunResolved()
    {
        var dir = Repository.NewTempDirectory();
        var (code, log, output) = Train(Config(dir), dryRun: true);

        Assert.True(code == 0, string.Join("\n", log.Errors));
        Assert.Contains(Path.Combine(dir, "acts", "resid_6.npy"), output, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(dir, "acts", "resid_8.npy"), output, StringComparison.Ordinal);
        Assert.DoesNotContain("{layer}", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(dir, "out")));
    }

    [Fact]
    public void SweepTopkConfig_SixRunsTwoLayersEachWithItsOwnData()
    {
        var (code, log, output) = Train(Path.Combine(Repository.Root, "configs", "sweep_topk.yaml"), dryRun: true);

        Assert.True(code == 0, string.Join("\n", log.Errors));
        Assert.Contains("# 6 of 6 runs shown (3 sweep points x models x layers)", output, StringComparison.Ordinal);
        foreach (var (index, point, layer) in new[] { (0, "k=4", "6"), (1, "k=4", "8"), (5, "k=16", "8") })
            Assert.Contains($"# point {index} ({point}, model topk_demo, layer {layer})", output, StringComparison.Ordinal);
        Assert.Contains("seed: 6", output, StringComparison.Ordinal);
        Assert.Contains("seed: 8", output, StringComparison.Ordinal);
    }

    [Fact]
    public void SweepPoint_TrainsOnlyThatPointIntoItsFolder()
    {
        var dir = Repository.NewTempDirectory();
        var config = Config(dir, "sweep: {grid: {architecture.d_sae: [16, 24]}}");

        // Runs: 0 d_sae=16/6, 1 d_sae=16/8, 2 d_sae=24/6, 3 d_sae=24/8.
        var (code, log, _) = Train(config, point: 3);

        Assert.True(code == 0, string.Join("\n", log.Errors));
        var model = Path.Combine(dir, "out", "toy");
        Assert.Equal(["d_sae=24"], Directory.GetDirectories(model).Select(Path.GetFileName));
        Assert.Equal([24, 12], DecoderShape(Path.Combine(model, "d_sae=24", "8")));
        Assert.False(Directory.Exists(Path.Combine(model, "d_sae=24", "6")));

        var (outOfRange, rangeLog, _) = Train(config, point: 4);
        Assert.Equal(ExitCodes.UsageOrConfigError, outOfRange);
        Assert.Contains(rangeLog.Errors, e => e.Contains("has 4 runs, numbered 0 to 3", StringComparison.Ordinal));
    }

    [Fact]
    public void UnknownPlaceholder_ExitsWithTheConfigErrorCode()
    {
        var dir = Repository.NewTempDirectory();
        var (code, log, _) = Train(Config(dir), sets: "data.path=acts/resid_{lyer}.npy");

        Assert.Equal(ExitCodes.UsageOrConfigError, code);
        Assert.Contains(log.Errors, e => e.Contains("data.path: unknown placeholder '{lyer}'", StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(dir, "out")));
    }
}
