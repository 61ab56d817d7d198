using System.Text.Json;
using SaePlatform.Host.Tests.Support;
using SaePlatform.Tensors;
using SaePlatform.Tensors.IO;

namespace SaePlatform.Host.Tests.EndToEnd;

/// <summary>Skips a test, saying why, when Debian's dataset-fashion-mnist package is not installed.</summary>
public sealed class FashionMnistFactAttribute : FactAttribute
{
    public const string Folder = "/usr/share/datasets/fashion-mnist";

    public FashionMnistFactAttribute()
    {
        if (!Directory.Exists(Folder))
            Skip = $"Fashion-MNIST is not installed ({Folder} is missing): apt-get install dataset-fashion-mnist (.ci/run does).";
    }
}

/// <summary>The file sources through the built host: real Fashion-MNIST images, and streaming .npy data larger than the budget.</summary>
public sealed class DataSourceRunTests
{
    [FashionMnistFact]
    public void Train_FashionMnistConfigFewSteps_LearnsToReconstructImages()
    {
        var dir = Repository.NewTempDirectory();
        var config = Path.Combine(Repository.Root, "configs", "fashion_mnist.yaml");

        var result = SaeProcess.Run(dir, "train", config, "--set", "training.steps=120", "--set", "training.lr_warmup_steps=20",
            "--set", "training.sparsity_warmup_steps=60", "--set", "run.output_dir=out");

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("70,000 rows x 784", result.All);
        using var evaluation = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "out", "fashion_mnist", "pixels_evaluation.json")));
        double ev = evaluation.RootElement.GetProperty("explained_variance").GetDouble();
        double l0 = evaluation.RootElement.GetProperty("l0").GetDouble();
        Assert.True(ev > 0.6, $"explained variance {ev} after 120 steps");
        Assert.InRange(l0, 1, 1024);
    }

    [Fact]
    public void Train_NpyFilesLargerThanDataMemory_StreamsAndTrains()
    {
        var dir = Repository.NewTempDirectory();
        var random = new Random(4);
        for (int f = 0; f < 3; f++)
        {
            var values = new float[4000 * 16];
            for (int i = 0; i < values.Length; i++) values[i] = random.NextSingle() < 0.1f ? random.NextSingle() * 2 : 0;
            NpyFile.Write(Path.Combine(dir, $"acts_{f}.npy"), Tensor.Wrap(values, 4000, 16));
        }
        File.WriteAllText(Path.Combine(dir, "run.yaml"), """
            run: { model: big, layer: l0, seed: 2, output_dir: out }
            data: { type: npy, path: "acts_*.npy" }
            architecture: { type: standard, d_sae: 32 }
            training: { steps: 200, batch_size: 64, lr: 0.003, data_memory_mb: 0.25 }
            """);

        var result = SaeProcess.Run(dir, "train", "run.yaml");

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("streaming", result.All);
        Assert.Contains("12,000 rows x 16", result.All);
        using var evaluation = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "out", "big", "l0_evaluation.json")));
        Assert.True(evaluation.RootElement.GetProperty("explained_variance").GetDouble() > 0.3, result.All);
    }
}
