using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using SaePlatform.Contracts.Architectures;
using SaePlatform.Contracts.Components;
using SaePlatform.Host.Configuration.Binding;
using SaePlatform.Host.Configuration.Sections;
using SaePlatform.Host.Plugins;
using SaePlatform.Tensors;
using SaePlatform.Tensors.IO;

namespace SaePlatform.Host.Runs;

/// <summary>
/// A saved SAE in SAELens's layout (<c>sae_weights.safetensors</c> + <c>cfg.json</c>, SAE_REFERENCE.md "Files"):
/// an SAE folder or a checkpoint folder. Reads its config, checks it against an architecture, loads the weights
/// (undoing the expected_average_only_in fold when training continues with that normalisation), and builds the
/// architecture from cfg.json alone for inference.
/// </summary>
internal sealed record SavedSae(string Folder, string Architecture, string? ArchitectureId, int InputWidth, int FeatureCount,
    string NormalizeActivations, IReadOnlyDictionary<string, JsonElement> Fields)
{
    /// <summary>Reads <c>cfg.json</c> of <paramref name="folder"/> (or of the folder holding the file it names).</summary>
    /// <exception cref="InvalidDataException">The folder lacks the files or cfg.json lacks a required key (message names it).</exception>
    public static SavedSae Read(string folder)
    {
        folder = Path.GetFullPath(folder);
        if (File.Exists(folder)) folder = Path.GetDirectoryName(folder)!;   // a file of the folder (sae_weights.safetensors, cfg.json)
        string cfgPath = Path.Combine(folder, SaeLensWriter.ConfigFile), weights = Path.Combine(folder, SaeLensWriter.WeightsFile);
        if (!Directory.Exists(folder)) throw new InvalidDataException($"{folder}: SAE folder not found.");
        if (!File.Exists(cfgPath) || !File.Exists(weights))
            throw new InvalidDataException($"{folder}: not an SAE folder (expected {SaeLensWriter.WeightsFile} and {SaeLensWriter.ConfigFile}).");
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(cfgPath));
            var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var p in doc.RootElement.EnumerateObject()) fields[p.Name] = p.Value.Clone();
            string Require(string key) => fields.TryGetValue(key, out var v) ? v.ToString() : throw new InvalidDataException($"{cfgPath}: missing key '{key}'.");
            string? id = PlatformField(fields, "architecture_id") is { ValueKind: JsonValueKind.String } a ? a.GetString() : null;
            return new SavedSae(folder, Require("architecture"), id,
                int.Parse(Require("d_in"), CultureInfo.InvariantCulture), int.Parse(Require("d_sae"), CultureInfo.InvariantCulture),
                fields.TryGetValue("normalize_activations", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : "none", fields);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or OverflowException)
        {
            throw new InvalidDataException($"{cfgPath}: cannot read SAELens config ({ex.Message}).", ex);
        }
    }

    // metadata.saeplatform.<key>, or metadata.<key> as written before the saeplatform key existed.
    private static JsonElement? PlatformField(IReadOnlyDictionary<string, JsonElement> fields, string key)
    {
        if (!fields.TryGetValue("metadata", out var meta) || meta.ValueKind != JsonValueKind.Object) return null;
        if (meta.TryGetProperty(SaeLensWriter.PlatformKey, out var platform) && platform.ValueKind == JsonValueKind.Object
            && platform.TryGetProperty(key, out var value)) return value;
        return meta.TryGetProperty(key, out var legacy) ? legacy : null;
    }

    private string ConfigPath => Path.Combine(Folder, SaeLensWriter.ConfigFile);

    /// <summary>The registered architecture id: <c>metadata.saeplatform.architecture_id</c> when present, else cfg's <c>architecture</c>.</summary>
    public string ComponentId => ArchitectureId ?? Architecture;

    /// <summary>Checks that <paramref name="sae"/> (architecture <paramref name="architectureId"/>) can take these weights.</summary>
    /// <exception cref="ArgumentException">d_in, d_sae or the architecture differ (message names both values).</exception>
    public void CheckFits(SaeDescription sae, string architectureId)
    {
        if (InputWidth != sae.InputWidth)
            throw new ArgumentException($"{Folder}: saved d_in is {InputWidth}, the data has width {sae.InputWidth}.");
        if (FeatureCount != sae.FeatureCount)
            throw new ArgumentException($"{Folder}: saved d_sae is {FeatureCount}, the configured architecture has d_sae {sae.FeatureCount} (set architecture.d_sae: {FeatureCount}).");
        if (!string.Equals(Architecture, sae.SavedArchitecture, StringComparison.Ordinal) || (ArchitectureId is not null && ArchitectureId != architectureId))
            throw new ArgumentException($"{Folder}: saved architecture is '{ComponentId}' (cfg.json architecture '{Architecture}'), the config trains '{architectureId}' (saved as '{sae.SavedArchitecture}').");
    }

    /// <summary>
    /// Loads the weights into <paramref name="sae"/>. With expected_average_only_in (scale s != 1) the saved tensors
    /// were folded for raw inputs (W_enc*s, W_dec/s, b_dec/s), so they are unfolded for normalised inputs.
    /// </summary>
    public void LoadInto(ISaeArchitecture sae, float normalizerScale)
    {
        var content = SafetensorsFile.Read(Path.Combine(Folder, SaeLensWriter.WeightsFile));
        var state = new Dictionary<string, Tensor>(content.Tensors, StringComparer.Ordinal);
        if (normalizerScale != 1f)
        {
            Scale(state, "W_enc", 1 / normalizerScale);
            Scale(state, "W_dec", normalizerScale);
            Scale(state, "b_dec", normalizerScale);
        }
        sae.Load(state);
    }

    private static void Scale(Dictionary<string, Tensor> state, string name, float factor)
    {
        if (state.TryGetValue(name, out var t)) System.Numerics.Tensors.TensorPrimitives.Multiply(t.Span, factor, t.Span);
    }

    /// <summary>
    /// The normalisation to apply to raw rows at inference: SAELens applies constant_norm_rescale and layer_norm at
    /// inference; expected_average_only_in is folded into the saved weights, so rows are used as they are.
    /// </summary>
    public ActivationNormalization InferenceNormalization => NormalizeActivations switch
    {
        "constant_norm_rescale" => ActivationNormalization.ConstantNormRescale,
        "layer_norm" => ActivationNormalization.LayerNorm,
        _ => ActivationNormalization.None,
    };

    /// <summary>
    /// Builds and loads the architecture from cfg.json alone: the registered component <see cref="ComponentId"/>,
    /// its options as recorded in <c>metadata.saeplatform.architecture_options</c> (defaults when absent, as in
    /// files written by SAELens), then overridden by SAELens's own cfg fields of the same snake_case name (d_sae,
    /// k, apply_b_dec_to_input, rescale_acts_by_decoder_norm, ...), which are what SAELens loads.
    /// </summary>
    /// <exception cref="ArgumentException">No registered architecture has that id (message lists those available).</exception>
    /// <exception cref="InvalidDataException">The recorded options do not bind (message names cfg.json and the key).</exception>
    public ISaeArchitecture Build(PluginCatalog catalog, ComponentContext context)
    {
        var descriptor = catalog.Registry.Find(ComponentKind.Architecture, ComponentId)
            ?? throw new ArgumentException($"{Folder}: architecture '{ComponentId}' is not provided by any loaded plugin (available: {string.Join(", ", catalog.Registry.IdsOf(ComponentKind.Architecture))}).");
        object? options = descriptor.OptionsType is null ? null : RecordedOptions(descriptor.OptionsType);
        if (options is not null) ApplyFields(options);
        if (options is SaeArchitectureOptions shared)
        {
            shared.DSae = FeatureCount;
            shared.BDecInit = DecoderBiasInit.Zero; // overwritten by the saved b_dec
        }
        var sae = (ISaeArchitecture)catalog.Create(descriptor, options, context);
        sae.Initialize(new SaeInitContext(InputWidth, context.Seed, null, ReadOnlyMemory<float>.Empty));
        CheckFits(sae.Description, descriptor.Id);
        LoadInto(sae, 1f);
        return sae;
    }

    // The recorded options, bound as the config binder binds them. A key that this version no longer accepts (renamed,
    // moved, a value out of a newer range) is left at its default rather than refusing an SAE that loads in SAELens;
    // only when the remaining keys still fail does loading stop, naming them.
    private object RecordedOptions(Type type)
    {
        if (PlatformField(Fields, "architecture_options") is not { ValueKind: JsonValueKind.Object } recorded)
            return Activator.CreateInstance(type)!;
        string path = $"metadata.{SaeLensWriter.PlatformKey}.architecture_options";
        var json = JsonNode.Parse(recorded.GetRawText())!.AsObject();
        try
        {
            return OptionsJson.Bind(type, json, ConfigPath, Folder, path);
        }
        catch (Configuration.ConfigException ex)
        {
            var rejected = new HashSet<string>(StringComparer.Ordinal);
            foreach (var e in ex.Errors)
                if (e.KeyPath.StartsWith(path + ".", StringComparison.Ordinal)) rejected.Add(e.KeyPath[(path.Length + 1)..].Split('.', '[')[0]);
            foreach (var key in rejected) json.Remove(key);
            try
            {
                if (rejected.Count > 0) return OptionsJson.Bind(type, json, ConfigPath, Folder, path);
            }
            catch (Configuration.ConfigException) { /* report the first errors, which name the keys that caused them */ }
            throw new InvalidDataException($"{ConfigPath}: the recorded architecture options do not fit '{ComponentId}': {string.Join("; ", ex.Errors.Select(e => e.KeyPath + ": " + e.Message))}.");
        }
    }

    private void ApplyFields(object options)
    {
        foreach (var property in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!property.CanWrite || !Fields.TryGetValue(ConfigKeyNaming.ToSnakeCase(property.Name), out var value)) continue;
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            object? converted = value.ValueKind switch
            {
                JsonValueKind.True or JsonValueKind.False when type == typeof(bool) => value.GetBoolean(),
                JsonValueKind.Number when type == typeof(int) => value.GetInt32(),
                JsonValueKind.Number when type == typeof(long) => value.GetInt64(),
                JsonValueKind.Number when type == typeof(double) => value.GetDouble(),
                JsonValueKind.Number when type == typeof(float) => value.GetSingle(),
                JsonValueKind.String when type == typeof(string) => value.GetString(),
                JsonValueKind.String when type.IsEnum => EnumValue(type, value.GetString()!),
                _ => null,
            };
            if (converted is not null) property.SetValue(options, converted);
        }
    }

    private static object? EnumValue(Type type, string text)
    {
        foreach (var v in Enum.GetValues(type))
            if (ConfigKeyNaming.Normalize(ConfigKeyNaming.EnumValueName(type, v)) == ConfigKeyNaming.Normalize(text)) return v;
        return null;
    }
}
