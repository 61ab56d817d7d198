using System.Text.Json;
using SaePlatform.Host.Tests.Support;
using SaePlatform.Tensors.IO;

namespace SaePlatform.Host.Tests.EndToEnd;

/// <summary>The built host run as a process on the quickstart config: exit codes and files on disk.</summary>
public sealed class TrainCommandTests
{
    private static string Quickstart => Path.Combine(Repository.Root, "configs", "quickstart.yaml");

    /// <summary>The step and loss columns of the quickstart's training log under <paramref name="output"/>.</summary>
    private static string[] LossColumns(string dir, string output) =>
        File.ReadAllLines(Path.Combine(dir, output, "quickstart", "synthetic_training_log.csv")).Select(l => string.Join(',', l.Split(',')[..5])).ToArray();

    [Fact]
    public void Train_Quickstart_WritesSaeLensFilesHistoryAndEvaluation()
    {
        var dir = Repository.NewTempDirectory();
        var result = SaeProcess.Run(dir, "train", Quickstart, "--set", "training.steps=300", "--set", "run.output_dir=out");

        Assert.True(result.ExitCode == 0, result.All);
        var model = Path.Combine(dir, "out", "quickstart");
        var sae = Path.Combine(model, "synthetic");

        var weights = SafetensorsFile.Read(Path.Combine(sae, "sae_weights.safetensors"));
        Assert.Equal([64, 512], weights["W_enc"].Shape.ToArray());
        Assert.Equal([512, 64], weights["W_dec"].Shape.ToArray());
        Assert.Equal([512], weights["b_enc"].Shape.ToArray());
        Assert.Equal([64], weights["b_dec"].Shape.ToArray());
        Assert.Equal([512], SafetensorsFile.Read(Path.Combine(sae, "sparsity.safetensors"))["sparsity"].Shape.ToArray());

        using var cfg = JsonDocument.Parse(File.ReadAllText(Path.Combine(sae, "cfg.json")));
        Assert.Equal("standard", cfg.RootElement.GetProperty("architecture").GetString());
        Assert.Equal(64, cfg.RootElement.GetProperty("d_in").GetInt32());
        Assert.Equal(512, cfg.RootElement.GetProperty("d_sae").GetInt32());
        Assert.Equal("float32", cfg.RootElement.GetProperty("dtype").GetString());
        Assert.Equal("quickstart", cfg.RootElement.GetProperty("metadata").GetProperty("model_name").GetString());

        using var history = JsonDocument.Parse(File.ReadAllText(Path.Combine(model, "synthetic_training_history.json")));
        var steps = history.RootElement.GetProperty("step");
        var mse = history.RootElement.GetProperty("losses/mse_loss");
        Assert.Equal(steps.GetArrayLength(), mse.GetArrayLength());
        Assert.Equal(299, steps[steps.GetArrayLength() - 1].GetInt64());
        foreach (var key in new[] { "losses/overall_loss", "losses/l1_loss", "metrics/l0", "losses/mse_loss", "metrics/explained_variance",
                     "sparsity/dead_features", "sparsity/below_1e-5", "sparsity/below_1e-6", "metrics/mean_log10_feature_sparsity", "feature_density_hist/zero" })
            Assert.True(history.RootElement.TryGetProperty(key, out _), $"history lacks '{key}'");
        foreach (var alias in new[] { "total_loss", "reconstruction_loss", "sparsity_loss", "l0_norm" })
            Assert.False(history.RootElement.TryGetProperty(alias, out _), $"history duplicates a metric as '{alias}'");
        // Training must actually learn: reconstruction error falls well below its starting value.
        Assert.True(mse[mse.GetArrayLength() - 1].GetDouble() < mse[0].GetDouble() / 3,
            $"reconstruction loss went from {mse[0]} to {mse[mse.GetArrayLength() - 1]}");

        var csv = File.ReadAllLines(Path.Combine(model, "synthetic_training_log.csv"));
        Assert.StartsWith("step,total_loss,recon_loss,sparsity_loss,sparsity_l0", csv[0]);
        Assert.Equal(steps.GetArrayLength() + 1, csv.Length);
        // sparsity_l0 is the brief's fraction of d_sae; metrics/l0 beside it is L0 itself (512 features here).
        var header = csv[0].Split(',');
        Assert.Equal(header.Length, header.Distinct().Count());
        var last = csv[^1].Split(',');
        double l0Fraction = double.Parse(last[4], System.Globalization.CultureInfo.InvariantCulture);
        double l0 = double.Parse(last[Array.IndexOf(header, "metrics/l0")], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(l0 / 512, l0Fraction, 12);
        Assert.InRange(l0, 1.0, 512.0);

        using var evaluation = JsonDocument.Parse(File.ReadAllText(Path.Combine(model, "synthetic_evaluation.json")));
        Assert.InRange(evaluation.RootElement.GetProperty("explained_variance").GetDouble(), 0.5, 1.0);
        Assert.True(evaluation.RootElement.TryGetProperty("feature_recovery_mean_max_cosine", out _));
        Assert.True(File.Exists(Path.Combine(model, "synthetic_config.yaml")));
        Assert.Contains("step 300/300", File.ReadAllText(Path.Combine(model, "synthetic_train.log")));
    }

    [Fact]
    public void Train_SameSeedInTwoProcesses_GivesIdenticalHistories()
    {
        // 150 steps of 1024 rows cross two epochs of the 70,000 training rows, so the per-epoch reshuffle is covered.
        var dir = Repository.NewTempDirectory();
        foreach (var output in new[] { "a", "b" })
        {
            var result = SaeProcess.Run(dir, "train", Quickstart, "--set", "training.steps=150", "--set", $"run.output_dir={output}");
            Assert.True(result.ExitCode == 0, result.All);
        }
        Assert.Equal(LossColumns(dir, "a"), LossColumns(dir, "b"));
    }

    [Fact]
    public void Train_OneVersusTwoThreads_LogsTheCountAndGivesIdenticalHistories()
    {
        var dir = Repository.NewTempDirectory();
        foreach (var threads in new[] { 1, 2 })
        {
            var result = SaeProcess.Run(dir, "train", Quickstart, "--set", "training.steps=60", "--set", $"training.threads={threads}",
                "--set", $"run.output_dir=t{threads}");
            Assert.True(result.ExitCode == 0, result.All);
            Assert.Contains($", {threads} threads)", result.All);
            Assert.DoesNotContain("ignored", result.All);
        }
        Assert.Equal(LossColumns(dir, "t1"), LossColumns(dir, "t2"));
        // The logged losses can agree while the weights differ in their last bits; the saved SAE must not.
        string Weights(string output) => Path.Combine(dir, output, "quickstart", "synthetic", "sae_weights.safetensors");
        Assert.Equal(File.ReadAllBytes(Weights("t1")), File.ReadAllBytes(Weights("t2")));
    }

    [Theory]
    [InlineData("training.lr", "fast")]      // wrong type
    [InlineData("training.threads", "0")]    // below the minimum of 1
    public void Train_InvalidOverride_ExitsTwoNamingTheKeyAndTrainsNothing(string key, string value)
    {
        var dir = Repository.NewTempDirectory();
        var result = SaeProcess.Run(dir, "train", Quickstart, "--set", $"{key}={value}", "--set", "run.output_dir=out");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(key, result.All);
        Assert.False(Directory.Exists(Path.Combine(dir, "out")));
    }

    [Fact]
    public void Train_UnknownArchitecture_ExitsTwoListingTheClosestName()
    {
        var dir = Repository.NewTempDirectory();
        var result = SaeProcess.Run(dir, "train", Quickstart, "--set", "architecture.type=standrd");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("architecture.type", result.All);
        Assert.Contains("standard", result.All);
    }

    [Fact]
    public void Train_DryRun_PrintsResolvedConfigWithDefaultsAndWritesNothing()
    {
        var dir = Repository.NewTempDirectory();
        var result = SaeProcess.Run(dir, "train", Quickstart, "--dry-run", "--set", "training.lr=0.0005", "--set", "run.output_dir=out");

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("lr: 0.0005", result.StdOut);
        Assert.Contains("adam_beta2: 0.999", result.StdOut);   // a default, not in the file
        Assert.False(Directory.Exists(Path.Combine(dir, "out")));
    }

    [Fact]
    public void Train_MissingConfigFile_ExitsTwoNamingTheFile()
    {
        var dir = Repository.NewTempDirectory();
        var result = SaeProcess.Run(dir, "train", "no-such-config.yaml");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no-such-config.yaml", result.All);
    }

    [Fact]
    public void Plugins_Json_ListsTheBuiltInComponentsByKind()
    {
        var result = SaeProcess.Run(Repository.NewTempDirectory(), "plugins", "--json");

        Assert.True(result.ExitCode == 0, result.All);
        using var doc = JsonDocument.Parse(result.StdOut);
        var text = doc.RootElement.ToString();
        Assert.Contains("saeplatform.standard", text);
        Assert.Contains("\"standard\"", text);
        Assert.Contains("\"synthetic\"", text);
        Assert.Contains("\"l1\"", text);
    }

    [Fact]
    public void UnknownCommand_ExitsTwo()
    {
        var result = SaeProcess.Run(Repository.NewTempDirectory(), "trian");
        Assert.Equal(2, result.ExitCode);
    }
}
