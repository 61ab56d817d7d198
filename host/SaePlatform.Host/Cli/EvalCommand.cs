using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SaePlatform.Contracts.Components;
using SaePlatform.Contracts.Data;
using SaePlatform.Contracts.Runs;
using SaePlatform.Host.Configuration;
using SaePlatform.Host.Engine;
using SaePlatform.Host.Plan;
using SaePlatform.Host.Plugins;
using SaePlatform.Host.Plugins.Components;
using SaePlatform.Host.Runs;
using SaePlatform.Host.Training;
using SaePlatform.Host.Training.Data;

namespace SaePlatform.Host.Cli;

/// <summary>
/// <c>sae eval &lt;sae folder&gt; --config &lt;run file&gt; [--split test|validation] [--output file]</c>: evaluates a saved
/// SAE on the data source of a run config (its seeded test split by default), writes the evaluation JSON
/// (default <c>&lt;sae folder&gt;/evaluation.json</c>) and prints the scalar values as JSON on stdout.
/// </summary>
internal static class EvalCommand
{
    private static readonly JsonSerializerOptions IndentedJson = new() { WriteIndented = true };

    public static Command Create(Option<bool> verbose)
    {
        var folder = new Argument<string>("sae") { Description = "SAE folder (sae_weights.safetensors + cfg.json) or checkpoint folder." };
        var config = new Option<string>("--config") { Description = "Run config whose data source (and seed, split fractions) to evaluate on.", Required = true };
        var set = new Option<string[]>("--set") { Description = "Override a config key (repeatable).", Arity = ArgumentArity.ZeroOrMore };
        var split = new Option<string>("--split") { Description = "test (default) or validation.", DefaultValueFactory = _ => "test" };
        split.AcceptOnlyFromAmong("test", "validation");
        var output = new Option<string?>("--output") { Description = "Evaluation JSON to write (default <sae folder>/evaluation.json)." };
        var command = new Command("eval", "Evaluate a saved SAE on a run config's data.") { folder, config, set, split, output };
        command.SetAction(parse => Run(parse.GetValue(folder)!, parse.GetValue(config)!, parse.GetValue(set) ?? [], parse.GetValue(split)!,
            parse.GetValue(output), parse.GetValue(verbose)));
        return command;
    }

    private static int Run(string folder, string configPath, string[] overrides, string splitName, string? output, bool verbose)
    {
        using var host = SaeHost.Build(verbose);
        var loggers = host.Services.GetRequiredService<ILoggerFactory>();
        var log = loggers.CreateLogger("eval");
        try
        {
            var (catalog, plan) = new RunPlanLoader(host.Services.GetRequiredService<PluginLoader>(), log).Load(configPath, overrides);
            ComputeThreads.Apply(plan.Training.Threads, "training.threads", log);
            using var device = EngineDevices.Use(plan.Training.Device, log, EngineDevices.CudaOptionsFor(plan.Training.GemmPrecision));
            var (saved, sae) = SavedSaeLoader.Load(catalog, folder, loggers);
            int seed = plan.Runs[0].Seed;
            using var source = (IDataSource)catalog.Create(plan.Data.Descriptor, plan.Data.Options,
                new ComponentContext(loggers.CreateLogger(plan.Data.Descriptor.Id), plan.ConfigDirectory, saved.Folder, seed));
            // The same split as training (fractions, max_rows, streaming and seed), so "test" means rows never trained on.
            var data = PreparedData.Open(source, plan.Data.Descriptor.Id, plan.Training, seed, log, CancellationToken.None);
            var info = data.Info;
            if (info.Width != saved.InputWidth)
                throw new ArgumentException($"{saved.Folder}: saved d_in is {saved.InputWidth}, the data ({plan.Data.Descriptor.Id}) has width {info.Width}.");
            var rows = splitName == "validation" ? data.Split.Validation : data.Split.Test;
            var result = Evaluator.Evaluate(sae, source, rows, info.Width, ActivationNormalizer.ForInference(saved), splitName, 0);
            var path = Path.GetFullPath(output ?? Path.Combine(saved.Folder, "evaluation.json"));
            EvaluationFile.Write(path, result);
            Console.Out.WriteLine(JsonSerializer.Serialize(result.Values.ToDictionary(kv => kv.Key, kv => double.IsFinite(kv.Value) ? (double?)kv.Value : null),
                IndentedJson));
            log.EvaluationWritten(saved.Folder, result.Values[MetricNames.Evaluation.Rows], splitName, path);
            return ExitCodes.Success;
        }
        catch (ConfigException ex)
        {
            foreach (var error in ex.Errors) log.ConfigError(error.ToString());
            return ConfigException.ExitCode;
        }
        catch (Exception ex) when (ex is InvalidDataException or ArgumentException or ComponentCreationException or IOException)
        {
            log.CommandFailed(ex.Message);
            return ex is InvalidDataException ? ExitCodes.DataError : ExitCodes.UsageOrConfigError;
        }
    }
}
