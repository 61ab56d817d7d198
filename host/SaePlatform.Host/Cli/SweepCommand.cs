using System.CommandLine;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SaePlatform.Host.Cli.Sweep;
using SaePlatform.Host.Configuration;
using SaePlatform.Host.Plan;
using SaePlatform.Host.Plan.Sweeps;
using SaePlatform.Host.Plugins;
using SaePlatform.Host.Visualization.Worker;

namespace SaePlatform.Host.Cli;

/// <summary>
/// <c>sae sweep &lt;config&gt; [--jobs N] [--resume] [--status] [--dry-run] [--set key=value]...</c>: every run of a config
/// with a <c>sweep</c> section (or <c>{model}</c>/<c>{layer}</c> placeholders) as its own process, N at a time; then the
/// sweep summary (<c>M/sweep_summary.csv</c> and <c>.json</c>).
/// </summary>
internal static class SweepCommand
{
    public static Command Create(Option<bool> verbose)
    {
        var config = new Argument<string>("config") { Description = "Run config with a 'sweep' section (YAML or JSON)." };
        var set = new Option<string[]>("--set") { Description = "Override a config key for every point, e.g. --set training.steps=500 (repeatable).", Arity = ArgumentArity.ZeroOrMore };
        var jobs = new Option<int>("--jobs", "-j") { Description = "Points trained at once; the cores are split between them (training.threads).", DefaultValueFactory = _ => 1 };
        var resume = new Option<bool>("--resume") { Description = "Skip finished points; continue interrupted ones from their checkpoints." };
        var status = new Option<bool>("--status") { Description = "Report each point's state from the output tree (pending, running, done, interrupted, failed) and exit." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Validate every point and list them with their folders; train nothing." };
        var slurm = new Option<bool>("--slurm") { Description = "Submit the sweep as a Slurm job array (task i runs 'sae train config --sweep-point i'); with --dry-run only print the script." };
        var partition = new Option<string?>("--partition") { Description = "Slurm partition (--slurm)." };
        var time = new Option<string?>("--time") { Description = "Slurm time limit per task, e.g. 02:00:00 (--slurm)." };
        var cpus = new Option<int?>("--cpus-per-task") { Description = "Cores per task (--slurm; also training.threads). Default 1." };
        var gres = new Option<string?>("--gres") { Description = "Slurm generic resources per task, e.g. gpu:1 (--slurm)." };
        var command = new Command("sweep", "Train every point of a sweep (and every layer) as separate processes, N at a time, then summarise them.")
        {
            config, set, jobs, resume, status, dryRun, slurm, partition, time, cpus, gres,
        };
        command.SetAction(parse => Run(parse.GetValue(config)!, parse.GetValue(set) ?? [], Math.Max(0, parse.GetValue(jobs)), parse.GetValue(resume),
            parse.GetValue(status), parse.GetValue(dryRun), parse.GetValue(verbose),
            parse.GetValue(slurm) ? new SlurmOptions(parse.GetValue(partition), parse.GetValue(time), parse.GetValue(cpus), parse.GetValue(gres)) : null));
        return command;
    }

    /// <summary>
    /// <c>sae plot --sweep config.yaml</c>: the summary files and sweep figures again, from the runs' files (after a Slurm sweep,
    /// or a sweep that was stopped).
    /// </summary>
    public static int RegenerateResults(string configPath, IReadOnlyList<string> overrides, bool verbose)
    {
        using var host = SaeHost.Build(verbose);
        var log = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("sae");
        if (Load(host, configPath, overrides, log, out var points) is { } failed) return failed;
        SweepResults.Write(points, log);
        return ExitCodes.Success;
    }

    // The runs of the config as sweep points; an exit code when the config is unusable or not a sweep.
    private static int? Load(Microsoft.Extensions.Hosting.IHost host, string configPath, IReadOnlyList<string> overrides, ILogger log, out List<SweepPointRun> points)
    {
        points = [];
        RunSet runs;
        try
        {
            runs = new RunPlanLoader(host.Services.GetRequiredService<PluginLoader>(), log).LoadRuns(configPath, overrides).Runs;
        }
        catch (ConfigException ex)
        {
            foreach (var error in ex.Errors) log.ConfigError(error.ToString());
            log.NothingTrained(ex.Errors.Count);
            return ConfigException.ExitCode;
        }
        if (!runs.IsSplit)
        {
            log.CommandFailed($"{configPath} has no 'sweep' section (and no {{model}}/{{layer}} placeholders): train it with 'sae train {configPath}'");
            return ExitCodes.UsageOrConfigError;
        }
        points = [.. runs.Units.Select(u => new SweepPointRun(u))];
        return null;
    }

    private static int Run(string configPath, string[] overrides, int jobs, bool resume, bool status, bool dryRun, bool verbose, SlurmOptions? slurm)
    {
        using var host = SaeHost.Build(verbose);
        var loggers = host.Services.GetRequiredService<ILoggerFactory>();
        var log = loggers.CreateLogger("sae");
        if (jobs < 1)
        {
            log.CommandFailed("--jobs must be at least 1");
            return ExitCodes.UsageOrConfigError;
        }
        if (Load(host, configPath, overrides, log, out var points) is { } unusable) return unusable;
        if (status || dryRun && slurm is null)
        {
            var queue = SlurmSweep.TaskStates(SlurmSweep.Folder(points));
            foreach (var point in points)
            {
                point.State = PointStatus.Of(point.Paths);
                // The files say done, running (a live lock) or interrupted; Slurm knows queued, running and failed tasks.
                if (point.State is PointState.Pending or PointState.Interrupted && queue.TryGetValue(point.Unit.Unit.Index, out var task)) point.State = task;
            }
            Console.Out.Write(Table(points, withResults: false));
            return ExitCodes.Success;
        }
        if (slurm is not null) return Submit(configPath, overrides, resume, dryRun, slurm, points, log);

        if (resume)
        {
            foreach (var point in points)
            {
                var state = PointStatus.Of(point.Paths);
                point.Skipped = state == PointState.Done;
                if (point.Skipped) point.State = PointState.Done;
                point.Resumed = state == PointState.Interrupted;
            }
            log.SweepResume(points.Count(p => p.Skipped), points.Count(p => p.Resumed), points.Count(p => !p.Skipped && !p.Resumed));
        }
        jobs = Math.Min(jobs, Math.Max(1, points.Count(p => !p.Skipped)));
        var threads = Math.Max(1, Environment.ProcessorCount / jobs);
        log.SweepStarting(points.Count, jobs, threads, points[0].LogPath);
        using var stop = new StopSignal(signal => log.SweepStopping(signal)); // the children save checkpoints
        var sweep = new LocalSweep(WorkerCommand.ForCurrentHost(), Path.GetFullPath(configPath), overrides, SweepConsole.ForConsole())
        {
            Jobs = jobs,
            Threads = threads,
        };
        sweep.Run(points, stop.Token);
        Console.Out.Write(Table(points, withResults: true));
        SweepResults.Write(points, log);
        var failed = points.Count(p => p.State == PointState.Failed);
        if (failed > 0) log.SweepFailures(failed, points.Count);
        return failed > 0 ? ExitCodes.RuntimeFailure
            : stop.Token.IsCancellationRequested || points.Exists(p => p.State != PointState.Done) ? ExitCodes.Interrupted
            : ExitCodes.Success;
    }

    // --slurm: the job array of the runs not finished (all without --resume), printed with --dry-run, else submitted.
    private static int Submit(string configPath, IReadOnlyList<string> overrides, bool resume, bool dryRun, SlurmOptions slurm, List<SweepPointRun> points, ILogger log)
    {
        var tasks = points.Where(p => !resume || PointStatus.Of(p.Paths) != PointState.Done).Select(p => p.Unit.Unit.Index).ToList();
        if (tasks.Count == 0)
        {
            Console.Out.WriteLine("Every run of the sweep is finished; nothing to submit.");
            return ExitCodes.Success;
        }
        var folder = SlurmSweep.Folder(points);
        var script = SlurmSweep.Script(WorkerCommand.ForCurrentHost(), Path.GetFullPath(configPath), overrides, tasks, folder, slurm, resume,
            "sae-sweep-" + Contracts.Runs.FileNames.ForFolder(points[0].Unit.Unit.Model ?? "sweep"));
        if (dryRun)
        {
            Console.Out.Write(script);
            return ExitCodes.Success;
        }
        try
        {
            var job = SlurmSweep.Submit(folder, script);
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Submitted Slurm job {job}: {tasks.Count} task(s), script {Path.Combine(folder, "sweep.sbatch")}, task logs {folder}/{job}_<i>.out. " +
                $"Follow with 'sae sweep {configPath} --status'; afterwards 'sae plot --sweep {configPath}' writes the summary and figures."));
            return ExitCodes.Success;
        }
        catch (InvalidOperationException ex)
        {
            log.CommandFailed(ex.Message);
            return ExitCodes.RuntimeFailure;
        }
    }

    /// <summary>One line per point: index, state, name, model/layer, and (after a sweep) exit code, wall time and log.</summary>
    internal static string Table(IReadOnlyList<SweepPointRun> points, bool withResults)
    {
        var text = new StringBuilder();
        var nameWidth = Math.Max(5, points.Max(p => (p.Unit.Unit.Point?.Name ?? "-").Length));
        var runWidth = Math.Max(3, points.Max(p => RunName(p).Length));
        text.AppendLine(CultureInfo.InvariantCulture, $"{"#",3}  {"state",-11}  {"point".PadRight(nameWidth)}  {"run".PadRight(runWidth)}  {(withResults ? "exit  wall (s)  log" : "folder")}");
        foreach (var p in points)
        {
            var state = p.Skipped ? "done (kept)" : PointStatus.Name(p.State);
            var tail = !withResults ? p.Paths.ModelDirectory
                : p.ExitCode is null ? "-     -         -"
                : string.Create(CultureInfo.InvariantCulture, $"{p.ExitCode,-4}  {p.Wall.TotalSeconds,8:F1}  {p.LogPath}");
            text.AppendLine(CultureInfo.InvariantCulture, $"{p.Unit.Unit.Index,3}  {state,-11}  {(p.Unit.Unit.Point?.Name ?? "-").PadRight(nameWidth)}  {RunName(p).PadRight(runWidth)}  {tail}");
        }
        return text.ToString();
    }

    private static string RunName(SweepPointRun p) => $"{p.Unit.Unit.Model}/{p.Unit.Unit.Layer}";
}
