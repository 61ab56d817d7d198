using System.Text.Json;
using SaePlatform.Contracts.Architectures;
using SaePlatform.Tensors;
using SaePlatform.Tensors.IO;

namespace SaePlatform.Host.Training.Output;

/// <summary>
/// Writes an SAE directory in SAELens v6's on-disk format: <c>sae_weights.safetensors</c> (F32),
/// <c>cfg.json</c> and <c>sparsity.safetensors</c> (log10 feature density), SAE_REFERENCE.md "Files".
/// </summary>
internal static class SaeLensWriter
{
    public const string WeightsFile = "sae_weights.safetensors";
    public const string ConfigFile = "cfg.json";
    public const string SparsityFile = "sparsity.safetensors";

    public static void Write(string directory, SaeDescription description, IReadOnlyDictionary<string, Tensor> state,
        string normalizeActivations, IReadOnlyDictionary<string, string> metadata, float[]? log10Density)
    {
        Directory.CreateDirectory(directory);
        SafetensorsFile.Write(Path.Combine(directory, WeightsFile), state, null);
        if (log10Density is not null)
            SafetensorsFile.Write(Path.Combine(directory, SparsityFile),
                new Dictionary<string, Tensor> { ["sparsity"] = Tensor.Wrap(log10Density, log10Density.Length) }, null);
        AtomicFile.WriteText(Path.Combine(directory, ConfigFile), ConfigJson(description, normalizeActivations, metadata));
    }

    public static string ConfigJson(SaeDescription d, string normalizeActivations, IReadOnlyDictionary<string, string> metadata)
    {
        var cfg = new Dictionary<string, object?>
        {
            ["architecture"] = d.SavedArchitecture,
            ["d_in"] = d.InputWidth,
            ["d_sae"] = d.FeatureCount,
            ["dtype"] = "float32",
            ["device"] = "cpu",
            ["apply_b_dec_to_input"] = d.ApplyBDecToInput,
            ["normalize_activations"] = normalizeActivations,
            ["reshape_activations"] = "none",
        };
        foreach (var (k, v) in d.ExtraConfig) cfg[k] = v;
        cfg["metadata"] = metadata;
        return JsonSerializer.Serialize(cfg, new JsonSerializerOptions { WriteIndented = true });
    }
}
