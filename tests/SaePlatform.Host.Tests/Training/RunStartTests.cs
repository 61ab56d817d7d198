using System.Diagnostics;
using System.Text.Json;
using SaePlatform.Host.Tests.Robustness;
using SaePlatform.Host.Tests.Support;
using SaePlatform.Host.Training;
using SaePlatform.Host.Training.Checkpoints;
using SaePlatform.Tensors;
using SaePlatform.Tensors.IO;

namespace SaePlatform.Host.Tests.Training;

/// <summary>
/// What happens between a valid config and the first step (issue 16's findings 5 and 6): options that do not fit the
/// data, folders another run owns, damaged checkpoints. A run that cannot start leaves nothing on disk.
/// </summary>
public sealed class RunStartTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);
    private readonly string _dir = Repository.NewTempDirectory();

    private string Output => Path.Combine(_dir, "out");

    private string Config(string architecture, string training = "steps: 4, batch_size: 16", string data = "type: synthetic, d_in: 16, n_features: 32, rows: 400")
    {
        var path = Path.Combine(_dir, "run.yaml");
        File.WriteAllText(path, $"""
            run: {"{"}model: m, layer: l, output_dir: {Output}{"}"}
            data: {"{"}{data}{"}"}
            architecture: {"{"}{architecture}{"}"}
            training: {"{"}{training}{"}"}
            visualizers: []
            """);
        return path;
    }

    [Fact]
    public void Train_KAtLeastDSaeFromTheDataWidth_ConfigErrorAtKBeforeAnyRowAndNothingWritten()
    {
        // d_sae = expansion_factor 2 x d_in 16 = 32, known only once the data's header is read.
        var outcome = InProcessTrain.Run(Config("type: topk, k: 40, expansion_factor: 2"), dryRun: false, Limit);

        Assert.Equal(ExitCodes.UsageOrConfigError, outcome.ExitCode);
        Assert.Contains(outcome.Errors, e => e.Contains("run.yaml:3:31 architecture.k: k = 40 must be below d_sae = 32 (expansion_factor 2 x d_in 16 of the data)", StringComparison.Ordinal));
        Assert.False(Directory.Exists(Output), "a run that never started created its output folder");
    }

    [Fact]
    public void DryRun_KAtLeastAnExplicitDSae_RejectedWithoutReadingData()
    {
        var outcome = InProcessTrain.Run(Config("type: topk, k: 16, d_sae: 16", data: "type: npy, path: missing_*.npy"), dryRun: true, Limit);

        Assert.Equal(ExitCodes.UsageOrConfigError, outcome.ExitCode);
        Assert.Contains(outcome.Errors, e => e.Contains("architecture.k: k = 16 must be below d_sae = 16.", StringComparison.Ordinal));
    }

    [Fact]
    public void Train_OneDimensionalNpy_DataErrorNamingFileAndShapeNotBatchSize()
    {
        NpyFile.Write(Path.Combine(_dir, "flat.npy"), Tensor.Wrap(new float[64], 64));

        var outcome = InProcessTrain.Run(Config("type: standard, d_sae: 8", data: "type: npy, path: flat.npy"), dryRun: false, Limit);

        Assert.Equal(ExitCodes.DataError, outcome.ExitCode);
        var error = Assert.Single(outcome.Errors);
        Assert.Contains("flat.npy: the array has shape (64,), 1-D", error);
        Assert.DoesNotContain("batch_size", error);
        Assert.False(Directory.Exists(Output));
    }

    [Fact]
    public void Train_NpyWithZeroRows_DataErrorNamingTheFile()
    {
        NpyFile.Write(Path.Combine(_dir, "empty.npy"), Tensor.Wrap([], 0, 8));

        var outcome = InProcessTrain.Run(Config("type: standard, d_sae: 8", data: "type: npy, path: empty.npy"), dryRun: false, Limit);

        Assert.Equal(ExitCodes.DataError, outcome.ExitCode);
        Assert.Contains(outcome.Errors, e => e.Contains("empty.npy has 0 rows", StringComparison.Ordinal));
    }

    [Fact]
    public void Train_FolderLockedByALiveProcess_Exit4NamingTheLockAndItsOwnerAndNothingWritten()
    {
        using var owner = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
        try
        {
            var lockPath = Path.Combine(Output, "m", "l.lock");
            Directory.CreateDirectory(Path.GetDirectoryName(lockPath)!);
            File.WriteAllText(lockPath, JsonSerializer.Serialize(new { Pid = owner.Id, Host = Environment.MachineName,
                ProcessStartUtc = owner.StartTime.ToUniversalTime(), LockedUtc = DateTime.UtcNow }));

            var outcome = InProcessTrain.Run(Config("type: standard, d_sae: 8"), dryRun: false, Limit);

            Assert.Equal(ExitCodes.OutputInUse, outcome.ExitCode);
            Assert.Contains(outcome.Errors, e => e.Contains(lockPath, StringComparison.Ordinal) && e.Contains($"process {owner.Id}", StringComparison.Ordinal));
            Assert.Equal(["l.lock"], Directory.GetFileSystemEntries(Path.Combine(Output, "m")).Select(Path.GetFileName));
        }
        finally
        {
            owner.Kill();
        }
    }

    [Fact]
    public void Train_StaleLockOfAnExitedProcess_TakenOverWithAWarningAndRemovedAfterTheRun()
    {
        using var gone = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        gone.WaitForExit();
        var lockPath = Path.Combine(Output, "m", "l.lock");
        Directory.CreateDirectory(Path.GetDirectoryName(lockPath)!);
        File.WriteAllText(lockPath, JsonSerializer.Serialize(new { Pid = gone.Id, Host = Environment.MachineName, ProcessStartUtc = (DateTime?)null, LockedUtc = DateTime.UtcNow }));

        var outcome = InProcessTrain.Run(Config("type: standard, d_sae: 8"), dryRun: false, Limit);

        Assert.Equal(ExitCodes.Success, outcome.ExitCode);
        Assert.Contains(outcome.Warnings, w => w.Contains(lockPath, StringComparison.Ordinal) && w.Contains("stale lock", StringComparison.Ordinal)
                                               && w.Contains($"process {gone.Id}", StringComparison.Ordinal));
        Assert.False(File.Exists(lockPath), "the run removes its lock when it ends");
    }

    [Fact]
    public void Resume_NewestCheckpointWeightsTruncated_FallsBackToThePreviousWithAWarningNamingBoth()
    {
        var config = Config("type: standard, d_sae: 8", training: "steps: 30, batch_size: 16, checkpoint_every: 10, keep_checkpoints: 3");
        Assert.Equal(ExitCodes.Success, InProcessTrain.Run(config, dryRun: false, Limit).ExitCode);
        var checkpoints = CheckpointStore.List(Path.Combine(Output, "m", "l", "checkpoints"));
        Assert.True(checkpoints.Count >= 2, $"expected at least 2 checkpoints, found {checkpoints.Count}");
        var (newest, previous) = (checkpoints[^1].Folder, checkpoints[^2].Folder);
        var weights = Path.Combine(newest, "sae_weights.safetensors");
        using (var stream = new FileStream(weights, FileMode.Open)) stream.SetLength(stream.Length / 2);

        var outcome = InProcessTrain.Run(config, dryRun: false, Limit, new ResumeRequest(null));

        Assert.Equal(ExitCodes.Success, outcome.ExitCode);
        var warning = Assert.Single(outcome.Warnings, w => w.Contains("damaged", StringComparison.Ordinal));
        Assert.Contains(newest, warning);
        Assert.Contains(previous, warning);
        Assert.Contains("sae_weights.safetensors has", warning);
    }

    [Fact]
    public void Resume_OnlyCheckpointAltered_DataErrorNamingTheFileThatDiffers()
    {
        var config = Config("type: standard, d_sae: 8", training: "steps: 10, batch_size: 16, checkpoint_every: 10, keep_checkpoints: 1");
        Assert.Equal(ExitCodes.Success, InProcessTrain.Run(config, dryRun: false, Limit).ExitCode);
        var only = Assert.Single(CheckpointStore.List(Path.Combine(Output, "m", "l", "checkpoints"))).Folder;
        var state = Path.Combine(only, "training_state.safetensors");
        var bytes = File.ReadAllBytes(state);
        bytes[^1] ^= 0x55; // same size, different content
        File.WriteAllBytes(state, bytes);

        var outcome = InProcessTrain.Run(config, dryRun: false, Limit, new ResumeRequest(null));

        Assert.Equal(ExitCodes.DataError, outcome.ExitCode);
        Assert.Contains(outcome.Errors, e => e.Contains($"{state}: SHA-256 differs", StringComparison.Ordinal));
    }
}
