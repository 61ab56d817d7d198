using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SaePlatform.Host.Configuration;
using SaePlatform.Host.Plan;
using SaePlatform.Host.Plugins;
using SaePlatform.Host.Visualization;
using SaePlatform.Host.Visualization.Worker;

namespace SaePlatform.Host.Cli;

/// <summary>
/// <c>sae plot</c>: regenerates figures from saved histories without training, through the same guarded
/// <see cref="VisualizationStage"/> as a run. Exit 0 when every visualizer call succeeded, 1 when some failed
/// (each is listed), 2 for bad options or when no history is found.
/// </summary>
internal static class PlotCommand
{
    public static Command Create(Option<bool> verbose)
    {
        var saeDir = new Option<string>("--sae-dir") { Description = "Run outputs to plot: every model and layer below it.", DefaultValueFactory = _ => Path.Combine("results", "saes") };
        var modelName = new Option<string?>("--model-name") { Description = "Only this model." };
        var comparison = new Option<bool>("--comparison") { Description = "Also overlay all layers of each model (layer_comparison)." };
        var historyFile = new Option<string?>("--history-file") { Description = "Plot only this *_training_history.json (or a running run's *_training_log.jsonl)." };
        var outputDir = new Option<string?>("--output-dir") { Description = "Write every figure here (default: M/training_plots next to the history)." };
        var format = new Option<string[]>("--format") { Description = "Figure formats, comma-separated: png, svg, pdf.", Arity = ArgumentArity.ZeroOrMore };
        var dpi = new Option<int>("--dpi") { Description = "PNG resolution.", DefaultValueFactory = _ => 150 };
        var config = new Option<string?>("--config") { Description = "Config whose 'visualizers' list (and plugins.paths, run.seed) to use; other sections may be left out." };
        var timeout = new Option<double?>("--timeout") { Description = "Per-visualizer time limit in seconds when the config sets none (default 60)." };
        var sweep = new Option<string?>("--sweep") { Description = "A sweep config: write its summary (M/sweep_summary.csv, .json) and figures again from the runs' files." };
        var command = new Command("plot", "Regenerate training plots from saved histories, without training.")
        {
            saeDir, modelName, comparison, historyFile, outputDir, format, dpi, config, timeout, sweep,
        };
        command.SetAction(parse => parse.GetValue(sweep) is { } sweepConfig ? SweepCommand.RegenerateResults(sweepConfig, [], parse.GetValue(verbose)) : Run(new PlotRequest(
            parse.GetValue(saeDir)!, parse.GetValue(modelName), parse.GetValue(comparison), parse.GetValue(historyFile),
            parse.GetValue(outputDir), parse.GetValue(format) ?? [], parse.GetValue(dpi), parse.GetValue(config), parse.GetValue(timeout)),
            parse.GetValue(verbose)));
        return command;
    }

    /// <summary>The parsed options.</summary>
    internal sealed record PlotRequest(string SaeDir, string? ModelName, bool Comparison, string? HistoryFile, string? OutputDir,
        string[] Formats, int Dpi, string? ConfigPath, double? TimeoutSeconds);

    private static int Run(PlotRequest options, bool verbose)
    {
        using var host = SaeHost.Build(verbose);
        var loggers = host.Services.GetRequiredService<ILoggerFactory>();
        var log = loggers.CreateLogger("sae");
        try
        {
            if (options.Dpi is < 10 or > 2400) throw new PlotUsageException($"--dpi must be between 10 and 2400, got {options.Dpi}");
            if (options.TimeoutSeconds is <= 0 or double.NaN) throw new PlotUsageException($"--timeout must be greater than 0, got {options.TimeoutSeconds}");
            var formats = PlotTargets.ParseFormats(options.Formats);
            var targets = PlotTargets.Discover(options.SaeDir, options.ModelName, options.HistoryFile, options.OutputDir);

            IReadOnlyList<GuardedComponentSpec>? configured = null; // null: the default set
            IReadOnlyList<string> pluginPaths = [];
            string configDirectory = Directory.GetCurrentDirectory();
            int seed = 0;
            var loader = new RunPlanLoader(host.Services.GetRequiredService<PluginLoader>(), log);
            PluginCatalog catalog;
            if (options.ConfigPath is not null)
            {
                (catalog, configured, pluginPaths, seed, configDirectory) = loader.LoadForPlotting(options.ConfigPath, []);
            }
            else
            {
                catalog = loader.LoadWithoutConfig();
            }

            var settings = options.TimeoutSeconds is { } t ? VisualizationSettings.Default with { DefaultTimeout = TimeSpan.FromSeconds(t) } : VisualizationSettings.Default;
            var stage = new VisualizationStage(catalog, loggers, VisualizationStage.DefaultFigures(loggers.CreateLogger("figures")), settings, WorkerCommand.ForCurrentHost());
            var entries = stage.ResolveEntries(configured, options.Comparison);
            if (entries.Count == 0)
                throw new PlotUsageException(configured is not null
                    ? $"no visualizers to run: {options.ConfigPath} has an empty 'visualizers' list (remove the key for the default set)"
                    : $"no visualizers to run: no loaded plugin provides any of {string.Join(", ", DefaultVisualizers.Ids)}; name some in a config's 'visualizers' list (--config)");

            var environment = new VisualizationEnvironment(PluginRoots.ForHost(pluginPaths), configDirectory, seed);
            foreach (var target in targets)
            {
                var request = VisualizationRequest.ForHistoryFile(target.HistoryPath, target.Model, target.Layer, target.OutputDirectory)
                    with { Formats = formats, Dpi = options.Dpi };
                stage.Run(entries, request, environment, CancellationToken.None);
            }
            if (stage.Failures.Count == 0)
            {
                log.Plotted(targets.Count);
                return ExitCodes.Success;
            }
            log.PlotFailures(stage.Failures.Count, targets.Count,
                string.Concat(stage.Failures.Select(f => Environment.NewLine + "  - " + f)));
            return ExitCodes.RuntimeFailure;
        }
        catch (PlotUsageException e)
        {
            log.CommandFailed(e.Message);
            return ExitCodes.UsageOrConfigError;
        }
        catch (ConfigException ex)
        {
            foreach (var error in ex.Errors) log.ConfigError(error.ToString());
            return ConfigException.ExitCode;
        }
    }
}
