using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using SaePlatform.Contracts.Architectures;
using SaePlatform.Host.Configuration.Binding;
using SaePlatform.Tensors;
using SaePlatform.Tensors.IO;

namespace SaePlatform.Host.Runs;

/// <summary>
/// What cfg.json's <c>metadata</c> records about a run besides the SAE itself.
/// </summary>
/// <param name="ModelName">SAELens's <c>metadata.model_name</c>: the config's <c>run.model</c>.</param>
/// <param name="HookName">SAELens's <c>metadata.hook_name</c>: the config's <c>run.layer</c> (the activation site the rows came from).</param>
/// <param name="ArchitectureId">The registered architecture that trained it (<c>batchtopk</c> is saved as SAELens's <c>jumprelu</c>).</param>
/// <param name="ArchitectureOptions">The architecture's resolved options object, recorded so that a reload rebuilds the same SAE; null when it has none.</param>
internal sealed record SaeFileMetadata(string ModelName, string HookName, string ArchitectureId, object? ArchitectureOptions);

/// <summary>
/// Writes an SAE directory in SAELens v6's on-disk format: <c>sae_weights.safetensors</c> (F32),
/// <c>cfg.json</c> and <c>sparsity.safetensors</c> (log10 feature density), SAE_REFERENCE.md "Files".
/// </summary>
/// <remarks>
/// cfg.json holds SAELens's inference fields (<c>architecture</c>, <c>d_in</c>, <c>d_sae</c>, <c>dtype</c>,
/// <c>device</c>, <c>apply_b_dec_to_input</c>, <c>normalize_activations</c>, <c>reshape_activations</c>, the
/// architecture's own such as <c>k</c>) and <c>metadata</c> in v6's form (<c>sae_lens_version</c>, so SAELens
/// does not treat the file as pre-6.0, <c>model_name</c>, <c>hook_name</c>); everything of ours is under
/// <c>metadata.saeplatform</c>.
/// </remarks>
internal static class SaeLensWriter
{
    public const string WeightsFile = "sae_weights.safetensors";
    public const string ConfigFile = "cfg.json";
    public const string SparsityFile = "sparsity.safetensors";

    /// <summary>The SAELens release whose loader and encode this format is written and checked against.</summary>
    public const string SaeLensVersion = "6.18.0";

    /// <summary>The key under <c>metadata</c> that holds this platform's own fields.</summary>
    public const string PlatformKey = "saeplatform";

    /// <summary>Architectures SAELens v6 registers for inference (<c>SAE.load_from_disk</c>).</summary>
    public static readonly IReadOnlySet<string> SaeLensArchitectures = new HashSet<string>(StringComparer.Ordinal)
    {
        "standard", "gated", "topk", "jumprelu",
    };

    /// <summary>Writes the three files of an SAE folder; <paramref name="state"/> is the inference form (already folded).</summary>
    public static void Write(string directory, SaeDescription description, IReadOnlyDictionary<string, Tensor> state,
        string normalizeActivations, SaeFileMetadata metadata, float[]? log10Density)
    {
        Directory.CreateDirectory(directory);
        SafetensorsFile.Write(Path.Combine(directory, WeightsFile), state, null);
        if (log10Density is not null)
            SafetensorsFile.Write(Path.Combine(directory, SparsityFile),
                new Dictionary<string, Tensor> { ["sparsity"] = Tensor.Wrap(log10Density, log10Density.Length) }, null);
        AtomicFile.WriteText(Path.Combine(directory, ConfigFile), ConfigJson(description, normalizeActivations, metadata));
    }

    public static string ConfigJson(SaeDescription d, string normalizeActivations, SaeFileMetadata metadata)
    {
        var cfg = new JsonObject
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
        foreach (var (k, v) in d.ExtraConfig) cfg[k] = JsonSerializer.SerializeToNode(v);
        var platform = new JsonObject
        {
            ["version"] = PlatformVersion,
            ["architecture_id"] = metadata.ArchitectureId,
            ["architecture_options"] = metadata.ArchitectureOptions is null ? null : OptionsJson.Write(metadata.ArchitectureOptions),
        };
        cfg["metadata"] = new JsonObject
        {
            ["sae_lens_version"] = SaeLensVersion,
            ["sae_lens_training_version"] = null,   // not trained by SAELens
            ["model_name"] = metadata.ModelName,
            ["hook_name"] = metadata.HookName,
            [PlatformKey] = platform,
        };
        return cfg.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Whether SAELens v6 can load an SAE saved as <paramref name="savedArchitecture"/>.</summary>
    public static bool LoadsInSaeLens(string savedArchitecture) => SaeLensArchitectures.Contains(savedArchitecture);

    private static string PlatformVersion =>
        typeof(SaeLensWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion?.Split('+')[0] ?? "unknown";
}
