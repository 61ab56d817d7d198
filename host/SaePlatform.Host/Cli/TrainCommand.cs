using System.CommandLine;
using System.Runtime.InteropServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SaePlatform.Host.Configuration;
using SaePlatform.Host.Configuration.Plan;
using SaePlatform.Host.Logging;
using SaePlatform.Host.Plugins;
using SaePlatform.Host.Training;

namespace SaePlatform.Host.Cli;

/// <summary><c>sae train &lt;config&gt; [--set key=value]... [--dry-run] [--resume [checkpoint folder]]</c>.</summary>
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
        var command = new Command("train", "Validate a run config and train every model/layer it lists.") { config, set, dryRun, resume, noProgress };
        command.SetAction(parse =>
        {
            var request = parse.GetResult(resume) is null ? null : new ResumeRequest(parse.GetValue(resume));
            return Run(parse.GetValue(config)!, parse.GetValue(set) ?? [], parse.GetValue(dryRun), parse.GetValue(verbose), request, !parse.GetValue(noProgress));
        });
        return command;
    }

    private static int Run(string configPath, string[] overrides, bool dryRun, bool verbose, ResumeRequest? resume, bool showProgress)
    {
        using var host = SaeHost.Build(verbose);
        var loggers = host.Services.GetRequiredService<ILoggerFactory>();
        var log = loggers.CreateLogger("sae");
        try
        {
            var composed = ConfigComposer.Compose(configPath, overrides);
            var extraRoots = PluginPathsReader.Read(composed);
            var catalog = host.Services.GetRequiredService<PluginLoader>().Load(PluginRoots.ForHost(extraRoots));
            foreach (var failed in catalog.NotLoaded) log.LogWarning("{Plugin}", failed.Message);
            var plan = new RunPlanBuilder(catalog.Registry).Build(composed);
            if (dryRun)
            {
                Console.Out.Write(RunPlanYamlWriter.Write(plan, describe: true));
                return ExitCodes.Success;
            }

            if (resume?.CheckpointFolder is { } folder)
            {
                try
                {
                    TrainingRunner.CheckResumeFolder(plan, folder);
                }
                catch (ArgumentException ex)
                {
                    log.LogError("{Message}", ex.Message);
                    return ExitCodes.UsageOrConfigError;
                }
            }

            using var interrupt = new InterruptSignal(log);
            var runner = new TrainingRunner(catalog, loggers, host.Services.GetRequiredService<RunLogFileSink>()) { ShowProgress = showProgress };
            return runner.Run(plan, interrupt.Token, resume);
        }
        catch (ConfigException ex)
        {
            foreach (var error in ex.Errors) log.LogError("{ConfigError}", error.ToString());
            log.LogError("{Count} config error(s); nothing was trained.", ex.Errors.Count);
            return ConfigException.ExitCode;
        }
    }

    /// <summary>Ctrl+C or SIGTERM: let the current step finish, then save and exit 130. A second Ctrl+C is left to the OS.</summary>
    private sealed class InterruptSignal : IDisposable
    {
        private readonly CancellationTokenSource _cts = new();
        private readonly PosixSignalRegistration _sigterm;
        private readonly ConsoleCancelEventHandler _ctrlC;
        private readonly ILogger _log;

        public InterruptSignal(ILogger log)
        {
            _log = log;
            _ctrlC = (_, e) =>
            {
                if (_cts.IsCancellationRequested) return;
                e.Cancel = true;
                Request("Ctrl+C");
            };
            Console.CancelKeyPress += _ctrlC;
            _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx =>
            {
                ctx.Cancel = true;
                Request("SIGTERM");
            });
        }

        public CancellationToken Token => _cts.Token;

        private void Request(string signal)
        {
            _log.LogWarning("{Signal}: finishing the current step, then saving and exiting.", signal);
            _cts.Cancel();
        }

        public void Dispose()
        {
            Console.CancelKeyPress -= _ctrlC;
            _sigterm.Dispose();
            _cts.Dispose();
        }
    }
}
