using System.Text.Json;
using System.Text.Json.Nodes;
using SaePlatform.Host.Configuration.Binding;
using SaePlatform.Host.Plugins;

namespace SaePlatform.Host.Visualization.Worker;

/// <summary>
/// What <c>sae visualize-worker &lt;request.json&gt;</c> needs to rebuild one visualizer call in a fresh process:
/// the plugin folders to load, the component and its options, the context of its constructor, and the inputs.
/// </summary>
/// <param name="VisualizerId">Component id.</param>
/// <param name="Options">Options as config keys (<see cref="OptionsJson"/>), or null for a component without options.</param>
/// <param name="PluginRoots">Plugin folders in the host's order (so the same plugin wins).</param>
/// <param name="ConfigDirectory">For <c>ComponentContext.ConfigDirectory</c> and relative paths.</param>
/// <param name="ComponentOutputDirectory">For <c>ComponentContext.OutputDirectory</c> (the layer's SAE folder).</param>
/// <param name="Seed">Run seed.</param>
/// <param name="Inputs">The files to read and where to write.</param>
internal sealed record VisualizerWorkerRequest(
    string VisualizerId,
    JsonObject? Options,
    IReadOnlyList<PluginRoot> PluginRoots,
    string ConfigDirectory,
    string ComponentOutputDirectory,
    int Seed,
    VisualizationRequest Inputs)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <exception cref="InvalidDataException">The file is not a request.</exception>
    public static VisualizerWorkerRequest Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<VisualizerWorkerRequest>(File.ReadAllText(path), Json)
                   ?? throw new InvalidDataException($"{path}: empty visualizer worker request.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a visualizer worker request: {e.Message}", e);
        }
    }
}
