using Microsoft.Extensions.Logging;

namespace SaePlatform.Host.Visualization;

/// <summary>Visualization log events (event ids 1200-1299).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1200, Level = LogLevel.Warning, Message = "{Visualizer} failed on {Model}/{Layer}: {Reason}")]
    public static partial void VisualizerFailed(this ILogger logger, string visualizer, string model, string layer, string reason);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "{Visualizer} failed {Count} times in a row; disabled for the rest of this run")]
    public static partial void VisualizerDisabled(this ILogger logger, string visualizer, int count);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Debug, Message = "{Visualizer} is disabled; skipped for {Model}/{Layer}")]
    public static partial void VisualizerSkipped(this ILogger logger, string visualizer, string model, string layer);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Debug, Message = "Default visualizer '{Id}' is not provided by any loaded plugin; skipped")]
    public static partial void DefaultVisualizerMissing(this ILogger logger, string id);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Warning, Message = "Plots of {Model}/{Layer}: {Failed} of {Total} visualizer call(s) failed:{Failures}")]
    public static partial void VisualizationSummaryWithFailures(this ILogger logger, string model, string layer, int failed, int total, string failures);

    [LoggerMessage(EventId = 1205, Level = LogLevel.Information, Message = "Plots of {Model}/{Layer}: {Total} visualizer(s) ran; outputs in {Directory}")]
    public static partial void VisualizationSummary(this ILogger logger, string model, string layer, int total, string directory);

    [LoggerMessage(EventId = 1206, Level = LogLevel.Warning, Message = "No plots for {Model}/{Layer}: {Reason}")]
    public static partial void VisualizationInputsMissing(this ILogger logger, string model, string layer, string reason);

    [LoggerMessage(EventId = 1207, Level = LogLevel.Information, Message = "Running {Visualizer} on {Model}/{Layer} ({Isolation}, limit {Seconds:F0} s)")]
    public static partial void VisualizerRunning(this ILogger logger, string visualizer, string model, string layer, string isolation, double seconds);

    [LoggerMessage(EventId = 1208, Message = "{Message}")]
    public static partial void WorkerLine(this ILogger logger, LogLevel level, string message);
}
