namespace SaePlatform.Contracts.Visualization;

/// <summary>
/// Turns a saved training history into figures or reports. Runs after training (and from <c>sae plot</c>);
/// guarded by the host: an exception, a timeout or (with process isolation) a crash is logged and counted,
/// never fatal to the run.
/// </summary>
public interface IVisualizer
{
    /// <summary>Writes this visualizer's outputs for one model/layer into <see cref="VisualizationContext.OutputDirectory"/>.</summary>
    void Render(VisualizationContext context, CancellationToken cancellationToken);
}
