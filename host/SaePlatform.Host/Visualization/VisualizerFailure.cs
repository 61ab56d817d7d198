namespace SaePlatform.Host.Visualization;

/// <summary>How a guarded visualizer call failed.</summary>
internal enum VisualizerFailureKind
{
    /// <summary>Its constructor or Render threw.</summary>
    Exception,
    /// <summary>It did not return within its time limit (abandoned in-process, killed in a worker).</summary>
    Timeout,
    /// <summary>Its worker process died (FailFast, stack overflow, native fault) or could not start.</summary>
    Crash,
    /// <summary>The files it would read could not be read.</summary>
    Input,
}

/// <summary>One failed visualizer call, for the run's summary.</summary>
/// <param name="VisualizerId">Component id.</param>
/// <param name="PluginId">Providing plugin.</param>
/// <param name="Model">Model folder name.</param>
/// <param name="Layer">Layer name.</param>
/// <param name="Kind">What went wrong.</param>
/// <param name="Reason">One line saying why.</param>
internal sealed record VisualizerFailure(string VisualizerId, string PluginId, string Model, string Layer, VisualizerFailureKind Kind, string Reason)
{
    public override string ToString() => $"{VisualizerId} (plugin {PluginId}) on {Model}/{Layer}: {Reason}";
}

/// <summary>Result of one guarded call: success, or a failure kind and reason.</summary>
internal readonly record struct VisualizerCallOutcome(VisualizerFailureKind? Failure, string? Reason)
{
    public static VisualizerCallOutcome Success { get; } = new(null, null);
    public bool Succeeded => Failure is null;
    public static VisualizerCallOutcome Failed(VisualizerFailureKind kind, string reason) => new(kind, reason);
}
