using SaePlatform.Contracts.Components;
using SaePlatform.Contracts.Visualization;

namespace IsolatedVisualizers;

/// <summary>Writes a marker file with its process id, then ends its process with <see cref="Environment.FailFast(string)"/>.</summary>
[Visualizer("isolated_failfast")]
public sealed class IsolatedFailFastVisualizer : IVisualizer
{
    /// <inheritdoc />
    public void Render(VisualizationContext context, CancellationToken cancellationToken)
    {
        File.WriteAllText(Path.Combine(context.OutputDirectory, $"{context.ModelName}_{context.LayerName}_isolated_pid.txt"), Environment.ProcessId.ToString());
        Environment.FailFast("isolated_failfast brings its worker down");
    }
}
