using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SaePlatform.Host.Configuration;
using SaePlatform.Host.Logging;
using SaePlatform.Host.Plan;
using SaePlatform.Host.Plugins;
using SaePlatform.Host.Training;

namespace SaePlatform.Host.Cli;

/// <summary><c>sae train &lt;config&gt; [--set key=value]... [--dry-run] [--resume [checkpoint folder]] [--dashboard]</c>.</summary>
internal static class TrainCommand
{
    public static Command Create(Option<bool> verbose)
    {
        var config = new Argument<string>("config") { Description = "Run config (YAML or JSON)." };
        var set = new Option<string[]>("--set")
        {
            Description = "Override a config key, e.g. --set training.lr=3e-4 (repeatable).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var dryRun = new Option<bool>("--dry-run") { Description = "Validate and print the resolved config, then exit." };
        var resume = new Option<string?>("--resume")
        {
            Description = "Continue each run from its latest checkpoint, or from the checkpoint folder given (for the run it belongs to).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var noProgress = new Option<bool>("--no-progress") { Description = "No live progress line on a terminal: plain log lines only." };
        var dashboard = new Option<bool>("--dashboard") { Description = "Serve the live dashboard of run.output_dir beside the run and print its URL." };
        var dashboardPort = new Option<int>("--dashboard-port")
        {
            Description = "Port of --dashboard (0: any free port).",
            DefaultValueFactory = _ => DashboardCommand.DefaultPort,
        };
        var dashboardHost = new Option<string>("--dashboard-host") { Description = "Address of --dashboard (default 127.0.0.1).", DefaultValueFactory = _ => "127.0.0.1" };
        var sweepPoint = new Option<int?>("--sweep-point") { Description = "Train only run i of a sweep (or of a config split by {model}/{layer}), numbered from 0 as 'sae sweep --dry-run' lists them." };
        var command = new Command("train", "Validate a run config and train every model/layer it lists.")
        {
            config, set, dryRun, resume, noProgress, dashboard, dashboardPort, dashboardHost, sweepPoint,
        };
        command.SetAction(parse =>
        {
            var request = parse.GetResult(resume) is null ? null : new ResumeRequest(parse.GetValue(resume));
            var board = parse.GetValue(dashboard) ? new DashboardRequest(parse.GetValue(dashboardHost)!, parse.GetValue(dashboardPort)) : null;
            return Run(parse.GetValue(config)!, parse.GetValue(set) ?? [], parse.GetValue(dryRun), parse.GetValue(verbose), request, !parse.GetValue(noProgress), board,
                parse.GetValue(sweepPoint));
        });
        return command;
    }

    private static int Run(string configPath, string[] overrides, bool dryRun, bool verbose, ResumeRequest? resume, bool showProgress,
        DashboardRequest? dashboard, int? sweepPoint)
    {
        using var host = SaeHost.Build(verbose);
        var loggers = host.Services.GetRequiredService<ILoggerFactory>();
        var loader = host.Services.GetRequiredService<PluginLoader>();
        var interruptLog = loggers.CreateLogger("sae");
        using var interrupt = new StopSignal(signal => interruptLog.Interrupted(signal));
        return Execute(configPath, overrides, dryRun, resume, loggers, extraRoots => loader.Load(PluginRoots.ForHost(extraRoots)),
            host.Services.GetRequiredService<RunLogFileSink>(), Console.Out, showProgress, interrupt.Token, dashboard, sweepPoint);
    }

    /// <summary>
    /// Everything <c>sae train</c> does after parsing its arguments, with its dependencies passed in (the robustness
    /// suite runs many bad inputs through it in one process): compose and validate the config, load plugins, train.
    /// </summary>
    /// <returns>The process exit code (<see cref="ExitCodes"/>).</returns>
    internal static int Execute(string configPath, IReadOnlyList<string> overrides, bool dryRun, ResumeRequest? resume, ILoggerFactory loggers,
        Func<IReadOnlyList<string>, PluginCatalog> loadPlugins, RunLogFileSink runLog, TextWriter output,
        bool showProgress, CancellationToken cancellation, DashboardRequest? dashboard = null, int? sweepPoint = null)
    {
        var log = loggers.CreateLogger("sae");
        try
        {
            var (catalog, runs) = new RunPlanLoader(loadPlugins, log).LoadRuns(configPath, overrides);
            if (SweepRuns.Select(runs, sweepPoint, log) is not { } selected) return ExitCodes.UsageOrConfigError;
            if (dryRun)
            {
                SweepRuns.WriteDryRun(runs, selected, output);
                return ExitCodes.Success;
            }
            if (resume?.CheckpointFolder is { } folder && !SweepRuns.ResumeFolderFits(selected, folder, log)) return ExitCodes.UsageOrConfigError;
            // The dashboard reads the runs' files on its own threads; if it cannot start, the runs go on without it.
            var server = dashboard is null || selected.Count == 0 ? null : DashboardCommand.StartBeside(selected[0].Plan.Run.OutputDir, dashboard, loggers, output);
            try
            {
                var runner = new TrainingRunner(catalog, loggers, runLog) { ShowProgress = showProgress };
                foreach (var unit in selected)
                {
                    var code = runner.Run(unit.Plan, cancellation, resume);
                    if (code != ExitCodes.Success) return code;
                }
                return ExitCodes.Success;
            }
            finally
            {
                DashboardCommand.StopBeside(server, loggers);
            }
        }
        catch (ConfigException ex)
        {
            foreach (var error in ex.Errors) log.ConfigError(error.ToString());
            log.NothingTrained(ex.Errors.Count);
            return ConfigException.ExitCode;
        }
    }
}
