namespace SaePlatform.Host.Visualization;

/// <summary>How the visualization stage guards its calls.</summary>
/// <param name="DefaultTimeout">Per-call limit when the config entry sets no <c>timeout_seconds</c>.</param>
/// <param name="MaxConsecutiveFailures">A visualizer failing this many calls in a row is disabled for the rest of the run.</param>
internal sealed record VisualizationSettings(TimeSpan DefaultTimeout, int MaxConsecutiveFailures)
{
    /// <summary>60 s per call; disabled after 3 failures in a row.</summary>
    public static VisualizationSettings Default { get; } = new(TimeSpan.FromSeconds(60), 3);
}
