using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using SaePlatform.Contracts.Architectures;
using SaePlatform.Host.Runs;
using SaePlatform.Host.Training.Data;
using SaePlatform.Host.Training.Metrics;
using SaePlatform.Tensors;
using SaePlatform.Tensors.IO;
using SaePlatform.Tensors.Optimizers;

namespace SaePlatform.Host.Training.Checkpoints;

/// <summary>
/// Checkpoint folders <c>M/L/checkpoints/step_NNNNNNN/</c>: an SAELens SAE (<c>sae_weights.safetensors</c>,
/// <c>cfg.json</c>, <c>sparsity.safetensors</c>; loadable by SAELens, <c>run.init_from</c>, <c>sae eval</c>),
/// plus <c>training_state.safetensors</c> (unfolded SAE tensors, optimiser buffers and, with early stopping and
/// <c>training.restore_best_weights</c>, the best validation point's tensors under <c>best/</c>), <c>history.json</c> and
/// <c>trainer_state.json</c>. Each is written to a hidden temporary folder and renamed into place, so a folder
/// named step_* is always complete.
/// </summary>
internal static class CheckpointStore
{
    private const string Prefix = "step_";
    private const string StateTensors = "training_state.safetensors";
    private const string HistoryFile = "history.json";
    private const string TrainerStateName = "trainer_state.json";
    private const string SaePrefix = "sae/";
    private const string OptimizerPrefix = "optimizer/";
    private const string BestPrefix = "best/";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    /// <summary>Folder name of the checkpoint after <paramref name="step"/> steps.</summary>
    public static string FolderName(long step) => Prefix + step.ToString("D7", CultureInfo.InvariantCulture);

    /// <summary>Writes <paramref name="checkpoint"/> atomically and keeps only the newest <paramref name="keep"/> (0 keeps all).</summary>
    public static string Write(string checkpointsRoot, Checkpoint checkpoint, ISaeArchitecture sae, ActivationNormalizer normalizer,
        SaeFileMetadata metadata, float[] log10Density, int keep)
    {
        Directory.CreateDirectory(checkpointsRoot);
        string name = FolderName(checkpoint.Step);
        string final = Path.Combine(checkpointsRoot, name);
        string temp = Path.Combine(checkpointsRoot, "." + name + ".tmp-" + Environment.ProcessId);
        if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        Directory.CreateDirectory(temp);
        try
        {
            SaeLensWriter.Write(temp, sae.Description, sae.StateForInference(normalizer.FoldForSaving(sae.StateForSaving())), normalizer.SavedName, metadata, log10Density);
            var tensors = new List<KeyValuePair<string, Tensor>>();
            foreach (var (k, t) in checkpoint.SaeState) tensors.Add(new(SaePrefix + k, t));
            foreach (var (k, values) in checkpoint.Optimizer.Buffers) tensors.Add(new(OptimizerPrefix + k, Tensor.Wrap(values, values.Length)));
            if (checkpoint.Best is { } best)
                foreach (var (k, t) in best.Tensors) tensors.Add(new(BestPrefix + k, t));
            SafetensorsFile.Write(Path.Combine(temp, StateTensors), tensors);
            HistoryFiles.WriteJson(Path.Combine(temp, HistoryFile), checkpoint.History);
            var state = new TrainerStateFile(checkpoint.Step, checkpoint.TotalSteps, checkpoint.Finished, checkpoint.Optimizer.StepCount,
                new Dictionary<string, long>(checkpoint.Optimizer.ParameterSteps), checkpoint.Activity.LastFired, checkpoint.Activity.WindowCounts,
                checkpoint.Activity.WindowRows, checkpoint.EarlyStopping, checkpoint.ExtraState is null ? null : new Dictionary<string, double[]>(checkpoint.ExtraState),
                checkpoint.Best?.Step, checkpoint.Best?.ExtraState is { } bestExtra ? new Dictionary<string, double[]>(bestExtra) : null);
            AtomicFile.Write(Path.Combine(temp, TrainerStateName), s => JsonSerializer.Serialize(s, state, Json));
            CheckpointManifest.Write(temp);
            if (Directory.Exists(final)) Directory.Delete(final, recursive: true);
            Directory.Move(temp, final);
        }
        finally
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        }
        if (keep > 0) Prune(checkpointsRoot, keep);
        return final;
    }

    /// <summary>The newest complete checkpoint folder under <paramref name="checkpointsRoot"/>, or null.</summary>
    public static string? Latest(string checkpointsRoot) => List(checkpointsRoot).LastOrDefault().Folder;

    /// <summary>Complete checkpoint folders, oldest first.</summary>
    public static List<(long Step, string Folder)> List(string checkpointsRoot)
    {
        var found = new List<(long, string)>();
        if (!Directory.Exists(checkpointsRoot)) return found;
        foreach (var dir in Directory.EnumerateDirectories(checkpointsRoot, Prefix + "*"))
        {
            var name = Path.GetFileName(dir);
            if (long.TryParse(name.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out long step)
                // A manifest without trainer_state.json is a damaged checkpoint, not no checkpoint: Read names the missing file.
                && (File.Exists(Path.Combine(dir, TrainerStateName)) || File.Exists(Path.Combine(dir, CheckpointManifest.FileName))))
                found.Add((step, dir));
        }
        found.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        return found;
    }

    private static void Prune(string checkpointsRoot, int keep)
    {
        var all = List(checkpointsRoot);
        for (int i = 0; i < all.Count - keep; i++) Directory.Delete(all[i].Folder, recursive: true);
    }

    /// <summary>Whether <paramref name="folder"/> looks like a checkpoint folder.</summary>
    public static bool IsCheckpoint(string folder) => File.Exists(Path.Combine(folder, TrainerStateName));

    /// <summary>Reads a checkpoint folder.</summary>
    /// <exception cref="InvalidDataException">A file is missing or malformed (message names the folder).</exception>
    public static Checkpoint Read(string folder)
    {
        try
        {
            CheckpointManifest.Verify(folder);
            var state = JsonSerializer.Deserialize<TrainerStateFile>(File.ReadAllBytes(Path.Combine(folder, TrainerStateName)), Json)
                ?? throw new InvalidDataException("empty trainer state");
            var content = SafetensorsFile.Read(Path.Combine(folder, StateTensors));
            var sae = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            var buffers = new Dictionary<string, float[]>(StringComparer.Ordinal);
            var best = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            foreach (var name in content.Names)
            {
                if (name.StartsWith(SaePrefix, StringComparison.Ordinal)) sae[name[SaePrefix.Length..]] = content[name];
                else if (name.StartsWith(OptimizerPrefix, StringComparison.Ordinal)) buffers[name[OptimizerPrefix.Length..]] = content[name].ToArray();
                else if (name.StartsWith(BestPrefix, StringComparison.Ordinal)) best[name[BestPrefix.Length..]] = content[name];
            }
            var history = HistoryFiles.ReadJson(Path.Combine(folder, HistoryFile));
            return new Checkpoint(state.Step, state.TotalSteps, state.Finished, sae,
                new OptimizerState(state.OptimizerStepCount, buffers, state.ParameterSteps),
                new FeatureActivityState(state.LastFired, state.WindowCounts, state.WindowRows),
                state.EarlyStopping ?? EarlyStoppingState.Initial, state.ExtraState, history)
            {
                Folder = folder,
                Best = state.BestStep is { } bestStep ? new SaeSnapshot(bestStep, best, state.BestExtraState) : null,
            };
        }
        catch (Exception ex) when (ex is IOException or JsonException or TensorFileException or KeyNotFoundException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"Checkpoint {folder} cannot be read: {ex.Message}", ex);
        }
        catch (InvalidDataException ex) when (!ex.Message.StartsWith("Checkpoint ", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"Checkpoint {folder} cannot be read: {ex.Message}", ex);
        }
    }

    private sealed record TrainerStateFile(
        long Step,
        long TotalSteps,
        bool Finished,
        long OptimizerStepCount,
        Dictionary<string, long> ParameterSteps,
        long[] LastFired,
        long[] WindowCounts,
        long WindowRows,
        EarlyStoppingState? EarlyStopping,
        Dictionary<string, double[]>? ExtraState,
        long? BestStep = null,
        Dictionary<string, double[]>? BestExtraState = null);
}
