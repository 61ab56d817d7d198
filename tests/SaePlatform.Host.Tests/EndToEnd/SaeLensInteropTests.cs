using System.Globalization;
using System.Text.Json;
using SaePlatform.Host.Tests.Support;
using SaePlatform.Tensors;
using SaePlatform.Tensors.IO;

namespace SaePlatform.Host.Tests.EndToEnd;

/// <summary>
/// Every architecture and normalisation round-trips into SAELens: a tiny SAE is trained by the host, then its
/// saved folder is encoded by <c>sae encode</c> and by docs/python/sae_numpy.py, an implementation of SAELens
/// v6's load, encode and decode written from its formulas (no shared code), and codes, active support and
/// reconstructions must agree within 1e-5 of their scale. cfg.json must carry what SAELens needs.
/// </summary>
public sealed class SaeLensInteropTests
{
    private const int DIn = 24, DSae = 96, Rows = 512;

    public static TheoryData<string, string, string> Cases => new()
    {
        // name, architecture section (YAML lines under architecture:), extra training keys
        { "standard", "type: standard\n  d_sae: 96", "" },
        { "standard-expected-average", "type: standard\n  d_sae: 96", "normalize_activations: expected_average_only_in" },
        { "standard-constant-norm", "type: standard\n  d_sae: 96", "normalize_activations: constant_norm_rescale" },
        { "standard-layer-norm", "type: standard\n  d_sae: 96", "normalize_activations: layer_norm" },
        { "gated", "type: gated\n  d_sae: 96", "" },
        { "topk-rescaled", "type: topk\n  d_sae: 96\n  k: 6", "" },
        { "topk-plain", "type: topk\n  d_sae: 96\n  k: 6\n  rescale_acts_by_decoder_norm: false", "" },
        { "topk-unit-norm-layer-norm", "type: topk\n  d_sae: 96\n  k: 6\n  decoder_norm: unit_norm", "normalize_activations: layer_norm" },
        { "batchtopk", "type: batchtopk\n  d_sae: 96\n  k: 6", "dead_feature_window: 10" },
        { "matryoshka", "type: matryoshka\n  d_sae: 96\n  k: 6\n  prefix_widths: [12, 24, 48]", "normalize_activations: expected_average_only_in" },
        { "jumprelu", "type: jumprelu\n  d_sae: 96", "" },
        { "jumprelu-constant-norm-no-centring", "type: jumprelu\n  d_sae: 96\n  apply_b_dec_to_input: false", "normalize_activations: constant_norm_rescale" },
        { "sparse-ae-relu", "type: sparse_ae\n  d_sae: 96", "" },
        { "sparse-ae-relu-tied", "type: sparse_ae\n  d_sae: 96\n  tied_weights: true", "normalize_activations: layer_norm" },
        { "sparse-ae-sigmoid", "type: sparse_ae\n  d_sae: 96\n  activation: sigmoid", "" },
    };

    private static readonly HashSet<string> SaeLensArchitectures = ["standard", "gated", "topk", "jumprelu"];

    [NumpyTheory]
    [MemberData(nameof(Cases))]
    public void SavedSae_EncodesAndDecodesAsSaeLensFormulasDo(string name, string architecture, string training)
    {
        var dir = Repository.NewTempDirectory();
        var config = WriteConfig(dir, name, architecture, training);
        var trained = SaeProcess.Run(dir, "train", config);
        Assert.True(trained.ExitCode == 0, trained.All);
        var sae = Path.Combine(dir, "out", "interop", name);

        // cfg.json: a v6 file (sae_lens_version) with model and hook names, and an architecture SAELens registers.
        using var cfg = JsonDocument.Parse(File.ReadAllText(Path.Combine(sae, "cfg.json")));
        var root = cfg.RootElement;
        var meta = root.GetProperty("metadata");
        Assert.StartsWith("6.", meta.GetProperty("sae_lens_version").GetString());
        Assert.Equal("interop", meta.GetProperty("model_name").GetString());
        Assert.Equal(name, meta.GetProperty("hook_name").GetString());
        string saved = root.GetProperty("architecture").GetString()!;
        if (name == "sparse-ae-sigmoid")
        {
            Assert.Equal("sparse_ae", saved);
            Assert.Contains("SAELens cannot load", trained.All);
        }
        else
        {
            Assert.Contains(saved, SaeLensArchitectures);
            Assert.DoesNotContain("SAELens cannot load", trained.All);
        }
        if (saved == "topk") Assert.Equal(6, root.GetProperty("k").GetInt32());

        var rows = TestRows();
        NpyFile.Write(Path.Combine(dir, "rows.npy"), Tensor.FromArray(rows, Rows, DIn));
        var encoded = SaeProcess.Run(dir, "encode", sae, "--input", "rows.npy", "--output", "codes.npy", "--reconstruct", "recon.npy");
        Assert.True(encoded.ExitCode == 0, encoded.All);

        var python = Python.With("numpy")!;
        var script = Path.Combine(Repository.Root, "docs", "python", "sae_numpy.py");
        var reference = Python.Run(python, [script, "check", sae, Path.Combine(dir, "rows.npy"), Path.Combine(dir, "ref")]);
        Assert.True(reference.ExitCode == 0, reference.All);

        var codes = NpyFile.Read(Path.Combine(dir, "codes.npy"));
        var recon = NpyFile.Read(Path.Combine(dir, "recon.npy"));
        var refCodes = NpyFile.Read(Path.Combine(dir, "ref_codes.npy"));
        var refRecon = NpyFile.Read(Path.Combine(dir, "ref_recon.npy"));
        var margin = NpyFile.Read(Path.Combine(dir, "ref_margin.npy")).Span;
        Assert.Equal([Rows, DSae], codes.Shape.ToArray());
        Assert.Equal([Rows, DIn], recon.Shape.ToArray());

        double codeScale = MaxAbs(refCodes.Span), reconScale = MaxAbs(refRecon.Span);
        Assert.True(codeScale > 0, "the reference codes are all zero; the SAE learnt nothing to compare");
        // A row whose pre-activation sits within float rounding of a top-k cut, JumpReLU threshold or gate may
        // legitimately switch a feature between two implementations; such rows must be rare and are not compared.
        double boundary = 1e-5 * Math.Max(1, codeScale);
        int compared = 0, active = 0;
        for (int r = 0; r < Rows; r++)
        {
            if (margin[r] < boundary) continue;
            compared++;
            for (int i = 0; i < DSae; i++)
            {
                float ours = codes[r, i], theirs = refCodes[r, i];
                Assert.True(Math.Abs(ours - theirs) <= 1e-5 * codeScale,
                    $"{name}: row {r} feature {i}: sae encode {ours}, SAELens formulas {theirs} (scale {codeScale})");
                // Support: equal, except a ReLU value so small that rounding decides its sign.
                if ((ours != 0) != (theirs != 0))
                    Assert.True(Math.Max(Math.Abs(ours), Math.Abs(theirs)) <= 1e-5 * codeScale,
                        $"{name}: row {r} feature {i} active on one side only: {ours} vs {theirs}");
                if (theirs != 0) active++;
            }
            for (int j = 0; j < DIn; j++)
                Assert.True(Math.Abs(recon[r, j] - refRecon[r, j]) <= 1e-5 * reconScale,
                    $"{name}: row {r} x_hat[{j}]: sae encode {recon[r, j]}, SAELens formulas {refRecon[r, j]} (scale {reconScale})");
        }
        Assert.True(compared >= Rows * 98 / 100, $"{name}: only {compared} of {Rows} rows are clear of a decision boundary");
        Assert.True(active > 0, $"{name}: no active codes to compare");
        if (saved == "topk") Assert.Equal(compared * 6, active);

        if (name is "batchtopk" or "matryoshka")
        {
            var evaluated = SaeProcess.Run(dir, "eval", sae, "--config", config);
            Assert.True(evaluated.ExitCode == 0, evaluated.All);
        }
    }

    [NumpyFact]
    public void TopKRescaled_SavedDecoderHasUnitRowsAndCodesScaledByTheTrainingNorms()
    {
        // SAELens's trainer folds ||W_dec,i|| into W_enc and b_enc at save; the checkpoint written at the end holds
        // the same inference form, and its training state keeps the unfolded weights for resuming.
        var dir = Repository.NewTempDirectory();
        var config = WriteConfig(dir, "topk", "type: topk\n  d_sae: 96\n  k: 6", "checkpoint_every: 40");
        var trained = SaeProcess.Run(dir, "train", config);
        Assert.True(trained.ExitCode == 0, trained.All);
        var sae = Path.Combine(dir, "out", "interop", "topk");
        foreach (var folder in new[] { sae, Directory.GetDirectories(Path.Combine(sae, "checkpoints")).Single() })
        {
            var w = SafetensorsFile.Read(Path.Combine(folder, "sae_weights.safetensors"));
            var wDec = w["W_dec"];
            for (int i = 0; i < DSae; i++)
            {
                double s = 0;
                for (int j = 0; j < DIn; j++) s += (double)wDec[i, j] * wDec[i, j];
                Assert.Equal(1.0, Math.Sqrt(s), 5);
            }
        }
        var state = SafetensorsFile.Read(Path.Combine(Directory.GetDirectories(Path.Combine(sae, "checkpoints")).Single(), "training_state.safetensors"));
        var trainingDec = state["sae/W_dec"];
        double norm0 = 0;
        for (int j = 0; j < DIn; j++) norm0 += (double)trainingDec[0, j] * trainingDec[0, j];
        Assert.NotEqual(1.0, Math.Sqrt(norm0), 3);   // training keeps the unconstrained decoder
    }

    [Fact]
    public void RecordedOptions_ObsoleteKeysAreLeftAtDefaultsButAnUnusableKNamesTheKey()
    {
        var dir = Repository.NewTempDirectory();
        var config = WriteConfig(dir, "batchtopk", "type: batchtopk\n  d_sae: 96\n  k: 6", "");
        var trained = SaeProcess.Run(dir, "train", config);
        Assert.True(trained.ExitCode == 0, trained.All);
        var sae = Path.Combine(dir, "out", "interop", "batchtopk");
        NpyFile.Write(Path.Combine(dir, "rows.npy"), Tensor.FromArray(TestRows(), Rows, DIn));
        var cfgPath = Path.Combine(sae, "cfg.json");
        var original = File.ReadAllText(cfgPath);
        const string Options = "\"architecture_options\": {";

        // A key this version no longer takes (moved or unknown): the SAE still loads, as SAELens would load it.
        Assert.Contains("\"dead_feature_window\": null", original);
        File.WriteAllText(cfgPath, original.Replace(Options, Options + "\"no_such_option\": 1, ", StringComparison.Ordinal)
            .Replace("\"dead_feature_window\": null", "\"dead_feature_window\": 200", StringComparison.Ordinal));
        var tolerant = SaeProcess.Run(dir, "encode", sae, "--input", "rows.npy", "--output", "codes.npy");
        Assert.True(tolerant.ExitCode == 0, tolerant.All);

        // k that cannot be read leaves batchtopk without its k: refused, naming cfg.json and the key.
        File.WriteAllText(cfgPath, System.Text.RegularExpressions.Regex.Replace(original, "\"k\": 6", "\"k\": \"six\""));
        var refused = SaeProcess.Run(dir, "encode", sae, "--input", "rows.npy", "--output", "codes.npy");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("cfg.json", refused.All);
        Assert.Contains("architecture_options.k", refused.All);
        Assert.DoesNotContain("   at ", refused.All);
    }

    private static string WriteConfig(string dir, string layer, string architecture, string training)
    {
        var text = $"""
            run:
              model: interop
              layer: {layer}
              seed: 7
              output_dir: out
            data:
              type: synthetic
              d_in: {DIn}
              n_features: 48
              rows: 4000
              firing_probability: 0.08
            architecture:
              {architecture}
            training:
              steps: 40
              batch_size: 128
              lr: 0.003
              sparsity_coefficient: 0.05
              log_every: 10
              {training}
            visualizers: []
            """;
        if (architecture.Contains("gated", StringComparison.Ordinal) || architecture.Contains("sparse_ae", StringComparison.Ordinal))
            text += "\npenalty:\n  type: l1\n";
        var path = Path.Combine(dir, "interop.yaml");
        File.WriteAllText(path, text);
        return path;
    }

    // Rows unlike the training data: a non-zero mean, per-row scales from 0.5 to 2.5 and heavier tails, so the
    // normalisations (which depend on each row's mean, spread and norm) are exercised.
    private static float[] TestRows()
    {
        var rng = new Random(11);
        var rows = new float[Rows * DIn];
        for (int r = 0; r < Rows; r++)
        {
            double scale = 0.5 + 2.0 * rng.NextDouble();
            for (int j = 0; j < DIn; j++)
            {
                double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble();
                double normal = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
                rows[r * DIn + j] = (float)(0.3 + scale * normal * (j % 5 == 0 ? 1.5 : 0.6));
            }
        }
        return rows;
    }

    private static double MaxAbs(ReadOnlySpan<float> values)
    {
        double m = 0;
        foreach (var v in values) m = Math.Max(m, Math.Abs(v));
        return m;
    }
}
