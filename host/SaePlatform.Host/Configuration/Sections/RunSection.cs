using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using SaePlatform.Contracts.Options;
using SaePlatform.Contracts.Runs;

namespace SaePlatform.Host.Configuration.Sections;

/// <summary>
/// The <c>run</c> section: what to train on and where to write. One run is planned per (model, layer) pair,
/// so <c>layers: [6, 8]</c> trains two SAEs with the same settings.
/// </summary>
internal sealed class RunSection : IValidatableObject
{
    /// <summary>Model name; names the output folder (sanitised). Use this or <see cref="Models"/>.</summary>
    [Description("Model the activations come from; names the output folder. Use this or 'models'.")]
    public string? Model { get; set; }

    /// <summary>Several models, one run each (crossed with the layers).</summary>
    [Description("Several models, one run each (crossed with the layers).")]
    public List<string>? Models { get; set; }

    /// <summary>Layer (hook) name, e.g. <c>8</c> or <c>blocks.8.hook_resid_post</c>. Use this or <see cref="Layers"/>.</summary>
    [Description("Layer or hook name, e.g. 8 or blocks.8.hook_resid_post. Use this or 'layers'.")]
    public string? Layer { get; set; }

    /// <summary>Several layers, one run each.</summary>
    [Description("Several layers, one run each.")]
    public List<string>? Layers { get; set; }

    /// <summary>Seed of every random stream of the run (init, shuffling, sampling). Default 42.</summary>
    [Description("Seed of every random stream of the run (init, shuffling, sampling).")]
    [Range(0, int.MaxValue)]
    public int Seed { get; set; } = 42;

    /// <summary>Output root; each run writes to <c>output_dir/model/...</c>. Relative to the working folder. Default <c>results/saes</c>.</summary>
    [Description("Output root, relative to the working folder; each run writes under output_dir/<model>/.")]
    public string OutputDir { get; set; } = "results/saes";

    /// <summary>An SAE folder or checkpoint to start from instead of a fresh initialisation; relative to the config file.</summary>
    [Description("SAE folder or checkpoint file to start from, relative to the config file.")]
    [PathOption(MustExist = false)]
    public string? InitFrom { get; set; }

    /// <summary>Write TensorBoard event files under <c>output_dir/model/tensorboard/layer/</c> while training. Default true.</summary>
    [Description("Write TensorBoard event files (scalars, feature-density histogram, config) under output_dir/<model>/tensorboard/<layer>/ while training.")]
    public bool Tensorboard { get; set; } = true;

    /// <summary>The models to train, in order (from <see cref="Model"/> or <see cref="Models"/>).</summary>
    public IReadOnlyList<string> ModelNames() => Models ?? (Model is null ? [] : [Model]);

    /// <summary>
    /// Folders a model's directory holds beside its layers' SAE folders (Runs/RunPaths: TensorBoard event files and figures;
    /// a sweep's Slurm script), so no layer may be named after one.
    /// </summary>
    public static readonly IReadOnlyList<string> FoldersBesideLayers = ["tensorboard", "training_plots", "slurm"];

    /// <summary>The layers to train, in order (from <see cref="Layer"/> or <see cref="Layers"/>).</summary>
    public IReadOnlyList<string> LayerNames() => Layers ?? (Layer is null ? [] : [Layer]);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var result in OneOf(Model, Models, "model", "models", nameof(Model), nameof(Models))) yield return result;
        foreach (var result in OneOf(Layer, Layers, "layer", "layers", nameof(Layer), nameof(Layers))) yield return result;
        foreach (var name in ModelNames().Concat(LayerNames()))
            if (string.IsNullOrWhiteSpace(name)) yield return new ValidationResult("model and layer names must not be empty", [nameof(Models)]);
        foreach (var name in LayerNames())
            if (!string.IsNullOrWhiteSpace(name) && FoldersBesideLayers.Contains(FileNames.ForFolder(name)))
                yield return new ValidationResult(
                    $"layer '{name}' would put its SAE folder where the model keeps its {FileNames.ForFolder(name)} folder ({string.Join(", ", FoldersBesideLayers)} " +
                    "are taken): rename the layer", [Layers is null ? nameof(Layer) : nameof(Layers)]);
        if (string.IsNullOrWhiteSpace(OutputDir)) yield return new ValidationResult("must name a folder", [nameof(OutputDir)]);
        if (InitFrom is not null && !File.Exists(InitFrom) && !Directory.Exists(InitFrom))
            yield return new ValidationResult($"'{InitFrom}' not found (expected an SAE folder or a checkpoint file)", [nameof(InitFrom)]);
    }

    private static IEnumerable<ValidationResult> OneOf(string? single, List<string>? many, string singleKey, string manyKey, string singleName, string manyName)
    {
        if (single is not null && many is not null)
            yield return new ValidationResult($"set either '{singleKey}' or '{manyKey}', not both (set the other to null when overriding a base config)", [manyName]);
        else if (single is null && (many is null || many.Count == 0))
            yield return new ValidationResult($"required: name the {singleKey} (or list several under '{manyKey}')", [singleName]);
    }
}
