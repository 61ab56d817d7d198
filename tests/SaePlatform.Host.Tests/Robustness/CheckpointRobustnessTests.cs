using SaePlatform.Host.Tests.Support;
using SaePlatform.Host.Training;
using SaePlatform.Host.Training.Checkpoints;
using Xunit.Abstractions;

namespace SaePlatform.Host.Tests.Robustness;

/// <summary>
/// Every file of a checkpoint truncated, altered in its first, middle and last byte, or deleted: <c>--resume</c> must
/// stop with exit code 3 naming the checkpoint file (the manifest's sizes and checksums catch what a reader would
/// not), and never resume from damaged weights. Deleting only manifest.json leaves a checkpoint as written before
/// manifests existed, which is read as is.
/// </summary>
public sealed class CheckpointRobustnessTests(ITestOutputHelper output)
{
    [Fact]
    public void Resume_EveryDamageToEveryCheckpointFile_DataErrorNamingTheFile()
    {
        var dir = Repository.NewTempDirectory();
        var config = Path.Combine(dir, "run.yaml");
        File.WriteAllText(config, $$"""
            run: {model: m, layer: l, output_dir: "{{Path.Combine(dir, "out")}}"}
            data: {type: synthetic, d_in: 8, n_features: 16, rows: 400}
            architecture: {type: standard, d_sae: 16}
            training: {steps: 20, batch_size: 16, checkpoint_every: 10, keep_checkpoints: 1}
            visualizers: []
            """);
        Assert.Equal(ExitCodes.Success, InProcessTrain.Run(config, dryRun: false, TimeSpan.FromMinutes(2)).ExitCode);
        var checkpoint = Assert.Single(CheckpointStore.List(Path.Combine(dir, "out", "m", "l", "checkpoints"))).Folder;
        var pristine = Directory.EnumerateFiles(checkpoint, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllBytes);
        var tally = new RobustnessTally("checkpoints");

        foreach (var (file, bytes) in pristine)
        {
            var name = Path.GetRelativePath(checkpoint, file);
            var damages = new List<(string Name, byte[]? Bytes)>
            {
                ("emptied", []), ("cut in half", bytes[..(bytes.Length / 2)]), ("last byte cut", bytes[..^1]), ("deleted", null),
            };
            foreach (var at in new[] { 0, bytes.Length / 2, bytes.Length - 1 })
            {
                var flipped = (byte[])bytes.Clone();
                flipped[at] ^= 0x5A;
                damages.Add(($"byte {at} altered", flipped));
            }
            foreach (var (damage, content) in damages)
            {
                foreach (var (f, b) in pristine) File.WriteAllBytes(f, b);
                if (content is null) File.Delete(file);
                else File.WriteAllBytes(file, content);

                var outcome = InProcessTrain.Run(config, dryRun: false, TimeSpan.FromMinutes(1), new ResumeRequest(null));

                var manifestOnlyDeleted = name == CheckpointManifest.FileName && content is null;
                string? wrong = outcome.TimedOut || outcome.Escaped is not null ? outcome.ToString()
                    : manifestOnlyDeleted ? (outcome.ExitCode == ExitCodes.Success ? null : outcome.ToString())
                    : outcome.ExitCode == ExitCodes.DataError && outcome.Errors.Any(e => e.Contains(checkpoint, StringComparison.Ordinal)) ? null
                    : outcome.ToString();
                tally.Add($"checkpoint file {(name.Contains("safetensors", StringComparison.Ordinal) ? "*.safetensors" : name)}", $"{name} {damage}", manifestOnlyDeleted, wrong);
            }
        }

        tally.Report(output);
    }
}
