using Microsoft.Extensions.Logging;

namespace SaePlatform.Contracts.Components;

/// <summary>What the host tells a component about the run it is created for.</summary>
public sealed class ComponentContext
{
    /// <summary>Creates a context.</summary>
    public ComponentContext(ILogger logger, string configDirectory, string outputDirectory, int seed)
    {
        Logger = logger;
        ConfigDirectory = configDirectory;
        OutputDirectory = outputDirectory;
        Seed = seed;
    }

    /// <summary>Logger named after the component (category <c>plugin-id/component-id</c>).</summary>
    public ILogger Logger { get; }

    /// <summary>Folder of the config file; relative paths in options are already resolved against it.</summary>
    public string ConfigDirectory { get; }

    /// <summary>The run's output folder (<c>output_dir/model/layer</c>); it may not exist yet.</summary>
    public string OutputDirectory { get; }

    /// <summary>The run seed (<c>run.seed</c>); derive component streams from it for reproducibility.</summary>
    public int Seed { get; }
}
