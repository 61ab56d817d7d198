using SaePlatform.Contracts.Runs;

namespace SaePlatform.Host.Plan;

/// <summary>One SAE to train: a (model, layer) pair of the config with its output folders.</summary>
/// <param name="Model">Model name as written.</param>
/// <param name="Layer">Layer name as written.</param>
/// <param name="Seed">Seed of every random stream of this run.</param>
/// <param name="OutputRoot">Absolute <c>run.output_dir</c>.</param>
/// <param name="Point">The sweep point's name (<c>k=32_lr=3e-4</c>) when the run belongs to a sweep: its files go to <c>output_dir/model/point/</c>.</param>
internal sealed record RunTarget(string Model, string Layer, int Seed, string OutputRoot, string? Point = null)
{
    /// <summary><see cref="Model"/> made safe as a folder name (<c>EleutherAI/pythia-70m</c> -> <c>EleutherAI-pythia-70m</c>).</summary>
    public string ModelFolderName => FileNames.ForFolder(Model);

    /// <summary><see cref="Layer"/> made safe as a file or folder name.</summary>
    public string LayerFileStem => FileNames.ForFolder(Layer);

    /// <summary><c>output_dir/model</c> (<c>output_dir/model/point</c> in a sweep): holds the per-layer files (<c>L_config.yaml</c>, ...).</summary>
    public string ModelDirectory => Point is null ? Path.Combine(OutputRoot, ModelFolderName) : Path.Combine(OutputRoot, ModelFolderName, Point);

    /// <summary><c>output_dir/model/layer</c>: a folder of this run's own (SAE files, checkpoints).</summary>
    public string OutputDirectory => Path.Combine(ModelDirectory, LayerFileStem);

    /// <summary>File name of the saved resolved config, <c>{layer}_config.yaml</c>.</summary>
    public string ConfigFileName => LayerFileStem + "_config.yaml";
}
