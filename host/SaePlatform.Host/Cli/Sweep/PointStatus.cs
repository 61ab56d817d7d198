using SaePlatform.Contracts.Runs;
using SaePlatform.Host.Runs;
using SaePlatform.Host.Training.Checkpoints;

namespace SaePlatform.Host.Cli.Sweep;

/// <summary>Where one run of a sweep stands, read from its files in the output tree.</summary>
internal enum PointState
{
    /// <summary>Nothing written yet.</summary>
    Pending,
    /// <summary>Its lock file is held by a live process.</summary>
    Running,
    /// <summary>Completed or stopped early, evaluation written.</summary>
    Done,
    /// <summary>Interrupted (or killed) with a checkpoint to resume from.</summary>
    Interrupted,
    /// <summary>Failed (run-health outcome failed, or a non-zero exit in this sweep).</summary>
    Failed,
}

/// <summary>Reads a run's state from its files (<see cref="RunPaths"/>).</summary>
internal static class PointStatus
{
    /// <summary>The state of the run whose files <paramref name="paths"/> describes.</summary>
    public static PointState Of(RunPaths paths)
    {
        if (File.Exists(RunLock.PathFor(paths)) && IsLockLive(paths)) return PointState.Running;
        var outcome = Outcome(paths);
        if (outcome is RunOutcome.Completed or RunOutcome.StoppedEarly && File.Exists(paths.EvaluationJson)) return PointState.Done;
        if (CheckpointStore.List(paths.Checkpoints).Count > 0) return PointState.Interrupted;
        return outcome is RunOutcome.Failed ? PointState.Failed : PointState.Pending;
    }

    /// <summary>The outcome in <c>M/L_run_health.json</c>, or null when it is missing or unreadable.</summary>
    public static RunOutcome? Outcome(RunPaths paths)
    {
        if (!File.Exists(paths.RunHealthJson)) return null;
        try
        {
            return RunHealthFile.Read(paths.RunHealthJson).Outcome;
        }
        catch (InvalidDataException)
        {
            return null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static bool IsLockLive(RunPaths paths)
    {
        try
        {
            RunLock.ThrowIfHeld(RunLock.PathFor(paths));
            return false;
        }
        catch (OutputInUseException)
        {
            return true;
        }
    }

    /// <summary>Lower-case name used in tables and summaries.</summary>
    public static string Name(PointState state) => state.ToString().ToLowerInvariant();
}
