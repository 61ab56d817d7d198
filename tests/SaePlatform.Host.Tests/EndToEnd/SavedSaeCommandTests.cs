using System.Globalization;
using System.Text.Json;
using SaePlatform.Host.Tests.Support;
using SaePlatform.Tensors;
using SaePlatform.Tensors.IO;

namespace SaePlatform.Host.Tests.EndToEnd;

/// <summary><c>sae encode</c>, <c>sae eval</c> and <c>run.init_from</c> on an SAE trained by the host.</summary>
public sealed class SavedSaeCommandTests
{
    private static string Quickstart => Path.Combine(Repository.Root, "configs", "quickstart.yaml");
    // Raw units (no normalisation, b_dec from zero, the quickstart's former coefficient for raw rows): the setting these
    // comparisons were written for; the defaults themselves are covered by SaeLensInteropTests.
    private static readonly string[] Small = ["--set", "training.batch_size=256", "--set", "data.rows=20000", "--set", "training.lr_warmup_steps=0",
        "--set", "training.normalize_activations=none", "--set", "architecture.b_dec_init=zero", "--set", "training.sparsity_coefficient=0.2"];

    private static (string Dir, string Sae) TrainSmall(int steps = 60)
    {
        var dir = Repository.NewTempDirectory();
        var result = SaeProcess.Run(dir, ["train", Quickstart, "--set", $"training.steps={steps}", "--set", "run.output_dir=out", .. Small]);
        Assert.True(result.ExitCode == 0, result.All);
        return (dir, Path.Combine(dir, "out", "quickstart", "synthetic"));
    }

    // f = ReLU((x - b_dec) W_enc + b_enc) in float64 from the saved tensors (SAE_REFERENCE.md "standard").
    private static double[] ReferenceCode(float[] x, SafetensorsContent w)
    {
        var wEnc = w["W_enc"]; var bEnc = w["b_enc"].Span; var bDec = w["b_dec"].Span;
        int dIn = wEnc.Rows, dSae = wEnc.Cols;
        var f = new double[dSae];
        for (int i = 0; i < dSae; i++)
        {
            double s = bEnc[i];
            for (int j = 0; j < dIn; j++) s += ((double)x[j] - bDec[j]) * wEnc[j, i];
            f[i] = Math.Max(0, s);
        }
        return f;
    }

    [Fact]
    public void Encode_RowsNpy_WritesCodesMatchingAFloat64EncoderAndTopNKeepsTheLargest()
    {
        var (dir, sae) = TrainSmall();
        var rng = new Random(3);
        var rows = new float[5 * 64];
        for (int i = 0; i < rows.Length; i++) rows[i] = (float)(rng.NextDouble() * 2 - 1) * (i % 7 == 0 ? 3 : 0.3f);
        var input = Path.Combine(dir, "rows.npy");
        NpyFile.Write(input, Tensor.FromArray(rows, 5, 64));

        var full = SaeProcess.Run(dir, "encode", sae, "--input", input, "--output", "codes.npy");
        var top = SaeProcess.Run(dir, "encode", sae, "--input", input, "--output", "top.npy", "--top", "3");
        Assert.True(full.ExitCode == 0, full.All);
        Assert.True(top.ExitCode == 0, top.All);

        var weights = SafetensorsFile.Read(Path.Combine(sae, "sae_weights.safetensors"));
        var codes = NpyFile.Read(Path.Combine(dir, "codes.npy"));
        var topCodes = NpyFile.Read(Path.Combine(dir, "top.npy"));
        Assert.Equal([5, 512], codes.Shape.ToArray());
        for (int r = 0; r < 5; r++)
        {
            var expected = ReferenceCode(rows[(r * 64)..((r + 1) * 64)], weights);
            for (int i = 0; i < 512; i++) Assert.Equal(expected[i], codes[r, i], 3e-4);
            var largest = Enumerable.Range(0, 512).OrderByDescending(i => expected[i]).Take(3).Where(i => expected[i] > 0).ToHashSet();
            for (int i = 0; i < 512; i++)
                Assert.Equal(largest.Contains(i) ? codes[r, i] : 0f, topCodes[r, i]);
        }
    }

    [Fact]
    public void EncodeExplainRow_ListsActiveFeaturesWithActivationTimesDecoderNorm()
    {
        var (dir, sae) = TrainSmall();
        var row = new float[64];
        for (int j = 0; j < 64; j++) row[j] = (float)Math.Sin(j * 0.7) * 0.8f;
        var input = Path.Combine(dir, "one.npy");
        NpyFile.Write(input, Tensor.FromArray(row, 1, 64));

        var result = SaeProcess.Run(dir, "encode", sae, "--input", input, "--explain-row", "0");
        Assert.True(result.ExitCode == 0, result.All);

        var weights = SafetensorsFile.Read(Path.Combine(sae, "sae_weights.safetensors"));
        var f = ReferenceCode(row, weights);
        var wDec = weights["W_dec"];
        var expected = Enumerable.Range(0, 512).Where(i => f[i] > 0)
            .Select(i => (Feature: i, Contribution: f[i] * Math.Sqrt(Enumerable.Range(0, 64).Sum(j => (double)wDec[i, j] * wDec[i, j]))))
            .OrderByDescending(t => t.Contribution).ToList();
        var lines = result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal($"row 0: {expected.Count} active features", lines[0].Trim());
        var listed = lines.Skip(2).Select(l => l.Split('\t')).ToList();
        Assert.Equal(expected.Count, listed.Count);
        Assert.Equal(expected[0].Feature, int.Parse(listed[0][0], CultureInfo.InvariantCulture));
        Assert.Equal(expected[0].Contribution, double.Parse(listed[0][3], CultureInfo.InvariantCulture), 1e-3);
    }

    [Fact]
    public void Eval_SavedSaeOnTheSameConfig_ReproducesTheTrainingEvaluationAndWritesArrays()
    {
        var (dir, sae) = TrainSmall();
        var result = SaeProcess.Run(dir, ["eval", sae, "--config", Quickstart, "--output", "eval.json", .. Small]);
        Assert.True(result.ExitCode == 0, result.All);

        using var mine = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "eval.json")));
        using var training = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "out", "quickstart", "synthetic_evaluation.json")));
        // Same seed, split and weights (normalisation none): the same test rows and the same numbers.
        foreach (var key in new[] { "explained_variance", "l0", "mse_per_row_mean", "dead_fraction" })
            Assert.Equal(training.RootElement.GetProperty(key).GetDouble(), mine.RootElement.GetProperty(key).GetDouble(), 9);
        var arrays = mine.RootElement.GetProperty("arrays");
        Assert.Equal(3000, arrays.GetProperty("mse_per_row").GetArrayLength());          // 15 % of 20,000 rows
        Assert.Equal(512, arrays.GetProperty("mean_activation_per_feature").GetArrayLength());
        Assert.Equal(512, arrays.GetProperty("log10_feature_density").GetArrayLength());
        using var printed = JsonDocument.Parse(result.StdOut);
        Assert.Equal(mine.RootElement.GetProperty("l0").GetDouble(), printed.RootElement.GetProperty("l0").GetDouble());
    }

    [Fact]
    public void Eval_ExpectedAverageNormalisation_TrainingEvaluationAndSaeEvalAgreeInInputUnits()
    {
        // Trained on s x rows; the saved SAE has s folded in and takes the rows as read. Both evaluations must report
        // the squared error of the rows as read (before the fix training reported s^2 times sae eval's value).
        var dir = Repository.NewTempDirectory();
        string[] normalised = [.. Small, "--set", "training.normalize_activations=expected_average_only_in"];
        var train = SaeProcess.Run(dir, ["train", Quickstart, "--set", "training.steps=60", "--set", "run.output_dir=out", .. normalised]);
        Assert.True(train.ExitCode == 0, train.All);
        var sae = Path.Combine(dir, "out", "quickstart", "synthetic");
        var eval = SaeProcess.Run(dir, ["eval", sae, "--config", Quickstart, "--output", "eval.json", .. normalised]);
        Assert.True(eval.ExitCode == 0, eval.All);

        var log = File.ReadAllText(Path.Combine(dir, "out", "quickstart", "synthetic_train.log"));
        var scale = double.Parse(System.Text.RegularExpressions.Regex.Match(log, @"scaled by s = ([0-9.eE+-]+)").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(Math.Abs(scale * scale - 1) > 0.2, $"s = {scale} is too close to 1 for units to be told apart");
        using var mine = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "eval.json")));
        using var training = JsonDocument.Parse(File.ReadAllText(Path.Combine(sae + "_evaluation.json")));
        double trainingMse = training.RootElement.GetProperty("mse_per_row_mean").GetDouble();
        double evalMse = mine.RootElement.GetProperty("mse_per_row_mean").GetDouble();
        Assert.Equal(1.0, trainingMse / evalMse, 4);
        Assert.Equal(training.RootElement.GetProperty("explained_variance").GetDouble(), mine.RootElement.GetProperty("explained_variance").GetDouble(), 4);
        Assert.StartsWith("input units", training.RootElement.GetProperty("mse_units").GetString());
        Assert.Equal(training.RootElement.GetProperty("mse_units").GetString(), mine.RootElement.GetProperty("mse_units").GetString());
        Assert.Contains("in input units", log);   // the evaluation line states its units
    }

    [Fact]
    public void InitFrom_SavedSae_StartsFromItsWeightsAndAWrongWidthIsRefusedNamingDSae()
    {
        var (dir, sae) = TrainSmall(200);
        var fresh = SaeProcess.Run(dir, ["train", Quickstart, "--set", "training.steps=1", "--set", "run.output_dir=fresh", .. Small]);
        var tuned = SaeProcess.Run(dir, ["train", Quickstart, "--set", "training.steps=1", "--set", "run.output_dir=tuned", "--set", $"run.init_from={sae}", .. Small]);
        var wrong = SaeProcess.Run(dir, ["train", Quickstart, "--set", "training.steps=1", "--set", "run.output_dir=wrong", "--set", $"run.init_from={sae}",
            "--set", "architecture.d_sae=256", .. Small]);
        Assert.True(fresh.ExitCode == 0, fresh.All);
        Assert.True(tuned.ExitCode == 0, tuned.All);

        static double FirstMse(string dir, string output)
        {
            using var h = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, output, "quickstart", "synthetic_training_history.json")));
            return h.RootElement.GetProperty("losses/mse_loss")[0].GetDouble();
        }
        using var trained = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "out", "quickstart", "synthetic_training_history.json")));
        var trainedMse = trained.RootElement.GetProperty("losses/mse_loss");
        // The first step of the fine-tune sees the trained SAE: its error is that of the end of training, far below a fresh start.
        Assert.True(FirstMse(dir, "tuned") < FirstMse(dir, "fresh") / 3, $"tuned {FirstMse(dir, "tuned")} vs fresh {FirstMse(dir, "fresh")}");
        Assert.InRange(FirstMse(dir, "tuned"), 0, trainedMse[trainedMse.GetArrayLength() - 1].GetDouble() * 2);

        Assert.Equal(2, wrong.ExitCode);
        Assert.Contains("d_sae", wrong.All);
        Assert.Contains("512", wrong.All);
    }
}
