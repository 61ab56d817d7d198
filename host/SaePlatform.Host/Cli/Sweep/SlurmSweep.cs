using System.Diagnostics;
using System.Globalization;
using System.Text;
using SaePlatform.Host.Visualization.Worker;
using SaePlatform.Tensors.IO;

namespace SaePlatform.Host.Cli.Sweep;

/// <summary>What the user asked of Slurm: <c>--partition</c>, <c>--time</c>, <c>--cpus-per-task</c>, <c>--gres</c> (null: the cluster's defaults).</summary>
internal sealed record SlurmOptions(string? Partition, string? Time, int? CpusPerTask, string? Gres);

/// <summary>
/// A sweep as a Slurm job array: an sbatch script whose task i runs <c>sae train config --sweep-point i</c>, written to
/// <c>M/slurm/sweep.sbatch</c> and submitted with <c>sbatch --parsable</c> (the job id is kept in <c>M/slurm/job_id</c>
/// for <c>sae sweep --status</c>). Slurm schedules; nothing here does.
/// </summary>
internal static class SlurmSweep
{
    /// <summary>The folder of the script, job id and task logs: <c>M/slurm</c>.</summary>
    public static string Folder(IReadOnlyList<SweepPointRun> points) => Path.Combine(SweepResults.SweepFolder(points[0]), "slurm");

    /// <summary>The sbatch script for the runs in <paramref name="tasks"/> (array indices = run indices).</summary>
    public static string Script(WorkerCommand host, string configPath, IReadOnlyList<string> overrides, IReadOnlyList<int> tasks, string folder, SlurmOptions options,
        bool resume, string jobName)
    {
        var text = new StringBuilder();
        text.Append("#!/bin/bash\n");
        text.Append(CultureInfo.InvariantCulture, $"#SBATCH --job-name={jobName}\n");
        text.Append(CultureInfo.InvariantCulture, $"#SBATCH --array={string.Join(',', tasks)}\n");
        text.Append(CultureInfo.InvariantCulture, $"#SBATCH --output={Path.Combine(folder, "%A_%a.out")}\n");
        text.Append(CultureInfo.InvariantCulture, $"#SBATCH --cpus-per-task={options.CpusPerTask ?? 1}\n");
        if (options.Partition is { } partition) text.Append(CultureInfo.InvariantCulture, $"#SBATCH --partition={partition}\n");
        if (options.Time is { } time) text.Append(CultureInfo.InvariantCulture, $"#SBATCH --time={time}\n");
        if (options.Gres is { } gres) text.Append(CultureInfo.InvariantCulture, $"#SBATCH --gres={gres}\n");
        text.Append("# Written by 'sae sweep --slurm': task i trains run i of the sweep (sae sweep --dry-run lists them).\n");
        text.Append("set -euo pipefail\n");
        text.Append(CultureInfo.InvariantCulture, $"cd {Quote(Directory.GetCurrentDirectory())}\n");
        var command = new List<string> { host.FileName };
        command.AddRange(host.Arguments);
        command.AddRange(["train", configPath, "--sweep-point"]);
        var line = string.Join(' ', command.Select(Quote)) + " \"$SLURM_ARRAY_TASK_ID\" --no-progress --set \"training.threads=${SLURM_CPUS_PER_TASK:-1}\"";
        foreach (var o in overrides) line += " --set " + Quote(o);
        if (resume) line += " --resume";
        text.Append("exec ").Append(line).Append('\n');
        return text.ToString();
    }

    /// <summary>Writes <paramref name="script"/> to <c>folder/sweep.sbatch</c> and submits it; returns the job id.</summary>
    /// <exception cref="InvalidOperationException">sbatch is missing or refused the job (its message).</exception>
    public static string Submit(string folder, string script)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "sweep.sbatch");
        AtomicFile.WriteText(path, script);
        var (code, output) = RunTool("sbatch", "--parsable", path);
        if (code != 0) throw new InvalidOperationException($"sbatch {path} failed (exit {code}): {output.Trim()}");
        var id = output.Trim().Split(';')[0];
        AtomicFile.WriteText(Path.Combine(folder, "job_id"), id + "\n");
        return id;
    }

    /// <summary>
    /// The Slurm state of each array task of the job recorded in <paramref name="folder"/> (squeue for queued and running
    /// tasks, sacct for ended ones): run index to pending, running, done or failed; empty without a job or the tools.
    /// </summary>
    public static Dictionary<int, PointState> TaskStates(string folder)
    {
        var states = new Dictionary<int, PointState>();
        var idFile = Path.Combine(folder, "job_id");
        if (!File.Exists(idFile)) return states;
        var job = File.ReadAllText(idFile).Trim();
        if (TryRunTool("sacct", out var sacct, "-n", "-P", "-X", "-j", job, "-o", "JobID,State"))
            foreach (var (task, state) in Parse(sacct, job))
                states[task] = state.StartsWith("COMPLETED", StringComparison.Ordinal) ? PointState.Done
                    : state.StartsWith("RUNNING", StringComparison.Ordinal) ? PointState.Running
                    : state.StartsWith("PENDING", StringComparison.Ordinal) ? PointState.Pending
                    : PointState.Failed;
        if (TryRunTool("squeue", out var squeue, "-h", "-r", "-j", job, "-o", "%i|%T"))
            foreach (var (task, state) in Parse(squeue, job))
                states[task] = state == "RUNNING" ? PointState.Running : PointState.Pending;
        return states;
    }

    // "123_4|RUNNING" lines of the job's array tasks.
    private static IEnumerable<(int Task, string State)> Parse(string output, string job)
    {
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split('|');
            if (parts.Length < 2 || !parts[0].StartsWith(job + "_", StringComparison.Ordinal)) continue;
            if (int.TryParse(parts[0].AsSpan(job.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var task)) yield return (task, parts[1]);
        }
    }

    private static bool TryRunTool(string tool, out string output, params string[] args)
    {
        try
        {
            var (code, text) = RunTool(tool, args);
            output = text;
            return code == 0;
        }
        catch (InvalidOperationException)
        {
            output = "";
            return false;
        }
    }

    private static (int Code, string Output) RunTool(string tool, params string[] args)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        try
        {
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"{tool} did not answer within 60 s");
            }
            return (process.ExitCode, stdout.Result + stderr.Result);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"{tool} could not be started ({ex.Message}); is Slurm installed on this machine?", ex);
        }
    }

    private static string Quote(string text) =>
        text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '-' or '_' or '=' or ',' or ':' or '+')
            ? text
            : "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
