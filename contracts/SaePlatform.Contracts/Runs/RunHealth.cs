namespace SaePlatform.Contracts.Runs;

/// <summary>The one-word judgement of a finished run (see <see cref="RunHealth"/>).</summary>
public enum RunVerdict
{
    /// <summary>Completed (or stopped early on validation), the losses no longer fall, and the SAE is not degenerate.</summary>
    Converged,
    /// <summary>The reconstruction or total loss still falls significantly across the final window: train longer.</summary>
    StillImproving,
    /// <summary>Stopped by Ctrl+C or SIGTERM before its budget; never called converged.</summary>
    Interrupted,
    /// <summary>Most features dead, explained variance near or below 0, or L0 collapsed (the reasons say which).</summary>
    Degenerate,
    /// <summary>A loss became non-finite, or climbed well above its best.</summary>
    Diverged,
}

/// <summary>
/// A warning raised while training: a condition that makes the SAE untrustworthy, its likely cause and the option that
/// fixes it. Printed when it first appears and when it changes, kept here for the end-of-run summary and the
/// convergence report.
/// </summary>
/// <param name="Code">Stable identifier: <c>dead_features</c>, <c>explained_variance</c>, <c>l0</c>, <c>mean_plateau</c>.</param>
/// <param name="FirstStep">Zero-based step at which it first appeared.</param>
/// <param name="LastStep">Last logged step at which it held.</param>
/// <param name="Active">Whether it still held at the last logged step.</param>
/// <param name="Message">What was seen, with numbers, as last printed.</param>
/// <param name="Remedy">The likely cause and the config keys that fix it.</param>
public sealed record TrainingWarning(string Code, long FirstStep, long LastStep, bool Active, string Message, string Remedy);

/// <summary>
/// How a run ended and whether its SAE can be trusted: the verdict with its reasons and the warnings raised while
/// training. Written next to the history as <c>M/L_run_health.json</c>.
/// </summary>
/// <param name="Outcome">How the run ended.</param>
/// <param name="StepsCompleted">Optimiser steps taken.</param>
/// <param name="StepsPlanned">Steps of the budget.</param>
/// <param name="Verdict">The judgement.</param>
/// <param name="Reasons">Why, in words (at least one).</param>
/// <param name="Warnings">Every warning raised during the run, in order of first appearance.</param>
public sealed record RunHealth(RunOutcome Outcome, long StepsCompleted, long StepsPlanned, RunVerdict Verdict,
    IReadOnlyList<string> Reasons, IReadOnlyList<TrainingWarning> Warnings)
{
    /// <summary>The verdict as written in files and logs: <c>converged</c>, <c>still improving</c>, <c>interrupted</c>, <c>degenerate</c>, <c>diverged</c>.</summary>
    public static string Name(RunVerdict verdict) => verdict switch
    {
        RunVerdict.StillImproving => "still improving",
        _ => verdict.ToString().ToLowerInvariant(),
    };

    /// <summary>One line: the verdict and its reasons.</summary>
    public string Summary => $"{Name(Verdict)} ({string.Join("; ", Reasons)})";

    /// <summary>
    /// Writes <c>outcome</c>, <c>steps_completed</c>, <c>steps_planned</c> and the <c>warnings</c> array (code, first and
    /// last step, whether still active, message, remedy) into the open JSON object: the fields the run-health file and the
    /// statistics visualizer's convergence report share, so both spell them the same way.
    /// </summary>
    public void WriteProgressAndWarnings(System.Text.Json.Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteString("outcome", Outcome.ToString());
        writer.WriteNumber("steps_completed", StepsCompleted);
        writer.WriteNumber("steps_planned", StepsPlanned);
        writer.WriteStartArray("warnings");
        foreach (var warning in Warnings)
        {
            writer.WriteStartObject();
            writer.WriteString("code", warning.Code);
            writer.WriteNumber("first_step", warning.FirstStep);
            writer.WriteNumber("last_step", warning.LastStep);
            writer.WriteBoolean("active", warning.Active);
            writer.WriteString("message", warning.Message);
            writer.WriteString("remedy", warning.Remedy);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }
}
