using Microsoft.Extensions.Logging;
using SaePlatform.Contracts.Observers;
using SaePlatform.Contracts.Runs;

namespace SaePlatform.Host.Training.Observers;

/// <summary>
/// A configured observer behind a guard (ARCHITECTURE.md decision 6): an exception in a callback is logged with
/// the component and plugin, counted, and never reaches the trainer; after <see cref="MaxConsecutiveFailures"/>
/// failures in a row the observer is switched off for the rest of the run.
/// </summary>
internal sealed class GuardedObserver(ITrainingObserver inner, string id, string pluginId, ILogger log) : ITrainingObserver, IDisposable
{
    /// <summary>Failures in a row after which the observer is no longer called.</summary>
    public const int MaxConsecutiveFailures = 3;

    private int _consecutiveFailures;

    /// <summary>Every failure so far: callback and message.</summary>
    public List<string> Failures { get; } = [];

    /// <summary>True once the observer has been switched off.</summary>
    public bool Disabled { get; private set; }

    /// <inheritdoc />
    public void OnRunStart(RunInfo run) => Call(nameof(OnRunStart), run, static (o, r) => o.OnRunStart(r));

    /// <inheritdoc />
    public void OnStep(StepMetrics metrics) => Call(nameof(OnStep), metrics, static (o, m) => o.OnStep(m));

    /// <inheritdoc />
    public void OnEvaluation(EvaluationResult evaluation) => Call(nameof(OnEvaluation), evaluation, static (o, e) => o.OnEvaluation(e));

    /// <inheritdoc />
    public void OnRunEnd(RunSummary summary) => Call(nameof(OnRunEnd), summary, static (o, s) => o.OnRunEnd(s));

    /// <inheritdoc />
    public void Dispose() => Call(nameof(Dispose), 0, static (o, _) => (o as IDisposable)?.Dispose());

    private void Call<T>(string callback, T argument, Action<ITrainingObserver, T> action)
    {
        if (Disabled) return;
        try
        {
            action(inner, argument);
            _consecutiveFailures = 0;
        }
        catch (Exception e)
        {
            // Designated isolation point: whatever a guarded plugin throws is reported here and goes no further.
            Failures.Add($"{callback}: {e.GetType().Name}: {e.Message}");
            Log.ObserverFailed(log, id, pluginId, callback, e.Message);
            if (++_consecutiveFailures >= MaxConsecutiveFailures)
            {
                Disabled = true;
                Log.ObserverSwitchedOff(log, id, pluginId, _consecutiveFailures);
            }
        }
    }
}
