using System.Globalization;
using Microsoft.Extensions.Logging;
using SaePlatform.Host.Plan;
using SaePlatform.Host.Plan.Sweeps;
using SaePlatform.Host.Training;

namespace SaePlatform.Host.Cli;

/// <summary>What <c>sae train</c> does with a config that describes several runs: pick <c>--sweep-point i</c>, print them for <c>--dry-run</c>.</summary>
internal static class SweepRuns
{
    /// <summary>The runs to train: all, or run <paramref name="index"/>; null (with the reason logged) when it is out of range.</summary>
    public static IReadOnlyList<PlannedUnit>? Select(RunSet runs, int? index, ILogger log)
    {
        if (index is null) return runs.Units;
        if (!runs.IsSplit)
        {
            log.CommandFailed("--sweep-point needs a config with a 'sweep' section (or one that uses {model}/{layer}); this one is a single run");
            return null;
        }
        if (index < 0 || index >= runs.Units.Count)
        {
            log.CommandFailed($"--sweep-point {index}: the config has {runs.Units.Count} runs, numbered 0 to {runs.Units.Count - 1}");
            return null;
        }
        return [runs.Units[index.Value]];
    }

    /// <summary>
    /// The resolved config of each selected run (placeholders replaced), separated by <c>---</c> and headed by a comment
    /// naming the run when the config was split.
    /// </summary>
    public static void WriteDryRun(RunSet runs, IReadOnlyList<PlannedUnit> selected, TextWriter output)
    {
        for (var i = 0; i < selected.Count; i++)
        {
            var unit = selected[i];
            if (runs.IsSplit)
            {
                if (i > 0) output.WriteLine("---");
                output.WriteLine($"# {unit.Unit.Label}: writes to {unit.Plan.Runs[0].ModelDirectory}");
            }
            output.Write(RunPlanYamlWriter.Write(unit.Plan, describe: true));
        }
        if (runs.IsSplit)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"# {selected.Count} of {runs.Units.Count} runs shown ({(runs.IsSweep ? runs.Sweep.Count + " sweep points x models x layers" : "models x layers")})"));
    }

    /// <summary>Whether the checkpoint folder given to <c>--resume</c> belongs to one of the runs (else logged, exit 2).</summary>
    public static bool ResumeFolderFits(IReadOnlyList<PlannedUnit> selected, string folder, ILogger log)
    {
        string? problem = null;
        foreach (var unit in selected)
        {
            try
            {
                TrainingRunner.CheckResumeFolder(unit.Plan, folder);
                return true;
            }
            catch (ArgumentException ex)
            {
                problem ??= ex.Message;
            }
        }
        log.CommandFailed(problem ?? $"--resume {folder}: no run to resume");
        return false;
    }
}
