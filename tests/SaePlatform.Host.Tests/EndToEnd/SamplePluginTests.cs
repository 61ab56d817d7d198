using System.Text.Json;
using SaePlatform.Host.Tests.Support;

namespace SaePlatform.Host.Tests.EndToEnd;

/// <summary>
/// The samples/ plugins as a third party would use them: each copied out of the repository, built against
/// the built host's contracts only, its output copied into a fresh plugin folder, and the already-built host
/// (no rebuild) trains with a config naming the new components.
/// </summary>
public sealed class SamplePluginTests
{
    [Fact]
    public void Train_WithOutOfTreeSamplePlugins_UsesTheArchitectureAndWritesTheVisualizersFigure()
    {
        var work = Repository.NewTempDirectory();
        var pluginRoot = Path.Combine(work, "plugins");
        foreach (var sample in new[] { "PAnnealingSae", "DecoderNormVisualizer" })
        {
            var source = Path.Combine(work, "src", sample);
            CopyFiles(Path.Combine(Repository.Root, "samples", sample), source);
            var build = DotnetCli.Run(source, "build", "-c", "Release", $"-p:SaeHostDir={Repository.HostOutput}");
            Assert.True(build.ExitCode == 0, build.All);
            CopyFiles(Path.Combine(source, "bin", "Release", "net10.0"), Path.Combine(pluginRoot, sample));
        }

        var config = File.ReadAllText(Path.Combine(Repository.Root, "samples", "p_annealing.yaml"))
            .Replace("steps: 2000", "steps: 200").Replace("output_dir: results/saes", "output_dir: out");
        File.WriteAllText(Path.Combine(work, "run.yaml"), config + $"\nplugins:\n  paths: [\"{pluginRoot}\"]\n");

        var run = SaeProcess.Run(work, "train", "run.yaml");

        Assert.True(run.ExitCode == 0, run.All);
        var model = Path.Combine(work, "out", "samples");
        using var cfg = JsonDocument.Parse(File.ReadAllText(Path.Combine(model, "p_annealing", "cfg.json")));
        Assert.Equal(0.5, cfg.RootElement.GetProperty("p_end").GetDouble());
        Assert.Equal("p_annealing", cfg.RootElement.GetProperty("metadata").GetProperty("saeplatform").GetProperty("architecture_id").GetString());
        var figure = Path.Combine(model, "training_plots", "samples_p_annealing_decoder_norms.png");
        Assert.True(File.Exists(figure), $"{figure} missing; plots: {string.Join(", ", Directory.GetFiles(Path.GetDirectoryName(figure)!).Select(Path.GetFileName))}\n{run.All}");
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(figure)[..4]);

        // The sample declares the dead-feature remedies and writes none of their code: the contracts' base class gives
        // them. A strong penalty kills features, which resampling re-initialises and ghost grads pull back.
        string[] strong = ["--set", "training.sparsity_coefficient=10", "--set", "training.sparsity_warmup_steps=0", "--set", "training.dead_feature_window=10",
            "--set", "training.resample_every=50", "--set", "training.ghost_grads=true"];
        var remedies = SaeProcess.Run(work, ["train", "run.yaml", "--set", "run.output_dir=remedies", .. strong]);
        Assert.True(remedies.ExitCode == 0, remedies.All);
        // The same on the simulated device: the third-party architecture, ghost grads and resampling on device memory
        // write the same weights.
        var onDevice = SaeProcess.Run(work, ["train", "run.yaml", "--set", "run.output_dir=remedies-device", "--set", "training.device=simdevice", .. strong]);
        Assert.True(onDevice.ExitCode == 0, onDevice.All);
        Assert.Equal(File.ReadAllBytes(Path.Combine(work, "remedies", "samples", "p_annealing", "sae_weights.safetensors")),
            File.ReadAllBytes(Path.Combine(work, "remedies-device", "samples", "p_annealing", "sae_weights.safetensors")));
        using var history = JsonDocument.Parse(File.ReadAllText(Path.Combine(work, "remedies", "samples", "p_annealing_training_history.json")));
        double[] Column(string name) => [.. history.RootElement.GetProperty(name).EnumerateArray()
            .Select(v => v.ValueKind == JsonValueKind.Number ? v.GetDouble() : double.NaN)];
        Assert.Contains(Column("sparsity/resampled"), v => v > 0);
        Assert.Contains(Column("losses/ghost_grad_loss"), v => v > 0);
    }

    // Top-level files only: the sources and project (not bin/obj), or the build output.
    private static void CopyFiles(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
    }
}
