using SaePlatform.Host.Tests.Support;
using SaePlatform.Tensors.IO;

namespace SaePlatform.Host.Tests.EndToEnd;

/// <summary>A run file listing several layers trains each into the same output tree.</summary>
public sealed class RunTreeTests
{
    [Fact]
    public void Train_ThreeLayers_WritesEachRunIntoOneModelFolder()
    {
        var dir = Repository.NewTempDirectory();
        var result = SaeProcess.Run(dir, "train", Path.Combine(Repository.Root, "configs", "quickstart.yaml"),
            "--set", "run.layer=", "--set", "run.layers=[blocks.10.hook_resid_post, layer15, layer20]", "--set", "run.model=org/model",
            "--set", "training.steps=15", "--set", "training.lr_warmup_steps=0", "--set", "training.batch_size=256", "--set", "data.rows=5000", "--set", "run.output_dir=out");

        Assert.True(result.ExitCode == 0, result.All);
        var model = Path.Combine(dir, "out", "org-model");
        Assert.Equal(["blocks.10.hook_resid_post", "layer15", "layer20"],
            Directory.GetDirectories(model).Select(Path.GetFileName).Where(n => n is not ("training_plots" or "tensorboard")).Order(StringComparer.Ordinal));
        foreach (var layer in new[] { "blocks.10.hook_resid_post", "layer15", "layer20" })
        {
            Assert.Equal([512, 64], SafetensorsFile.Read(Path.Combine(model, layer, "sae_weights.safetensors"))["W_dec"].Shape.ToArray());
            foreach (var suffix in new[] { "_training_history.json", "_training_log.csv", "_training_log.jsonl", "_evaluation.json", "_config.yaml", "_train.log" })
                Assert.True(File.Exists(Path.Combine(model, layer + suffix)), $"missing {layer}{suffix}");
            // TensorBoard lists each layer as its own run, M/tensorboard/L, outside the SAELens folder M/L.
            Assert.Single(Directory.GetFiles(Path.Combine(model, "tensorboard", layer), "events.out.tfevents.*"));
            Assert.All(Directory.GetDirectories(Path.Combine(model, layer)), d => Assert.Equal("checkpoints", Path.GetFileName(d)));
            Assert.Contains($"\"hook_name\": \"{layer}\"", File.ReadAllText(Path.Combine(model, layer, "cfg.json")));
        }
    }
}
