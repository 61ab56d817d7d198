using Microsoft.Extensions.Logging;

namespace SaePlatform.Host.Visualization;

/// <summary>
/// The isolation point for visualizer calls (ARCHITECTURE.md decision 6), a decorator in the spirit of
/// Serilog's SafeAggregateSink: every failure is caught, logged with the plugin id and counted; a visualizer
/// that fails <see cref="VisualizationSettings.MaxConsecutiveFailures"/> calls in a row is disabled for the
/// rest of the run (every later layer), so a broken plugin costs its time limit a few times, not once per layer.
/// </summary>
internal sealed class VisualizerGuard(int maxConsecutiveFailures, ILogger log)
{
    private readonly Dictionary<string, int> _consecutive = new(StringComparer.Ordinal);
    private readonly HashSet<string> _disabled = new(StringComparer.Ordinal);

    /// <summary>Whether the visualizer with this key has been disabled.</summary>
    public bool IsDisabled(string key) => _disabled.Contains(key);

    /// <summary>Runs <paramref name="call"/> for <paramref name="entry"/> unless it is disabled.</summary>
    /// <returns>The failure, or null when the call succeeded or was skipped because the visualizer is disabled.</returns>
    public VisualizerFailure? Run(VisualizerEntry entry, string model, string layer, Func<VisualizerCallOutcome> call)
    {
        if (_disabled.Contains(entry.Key))
        {
            log.VisualizerSkipped(entry.Label, model, layer);
            return null;
        }

        VisualizerCallOutcome outcome;
        try
        {
            outcome = call();
        }
        catch (Exception e)
        {
            // The call wrappers report plugin failures as outcomes; anything thrown here is still the
            // visualizer's problem (say a worker that could not start), never the run's.
            outcome = VisualizerCallOutcome.Failed(VisualizerFailureKind.Crash, $"{e.GetType().Name}: {e.Message}");
        }

        if (outcome.Succeeded)
        {
            _consecutive[entry.Key] = 0;
            return null;
        }

        var failure = new VisualizerFailure(entry.Descriptor.Id, entry.Descriptor.PluginId, model, layer, outcome.Failure!.Value, outcome.Reason!);
        log.VisualizerFailed(entry.Label, model, layer, outcome.Reason!);
        var count = _consecutive[entry.Key] = _consecutive.GetValueOrDefault(entry.Key) + 1;
        if (count >= maxConsecutiveFailures && _disabled.Add(entry.Key))
            log.VisualizerDisabled(entry.Label, count);
        return failure;
    }
}
