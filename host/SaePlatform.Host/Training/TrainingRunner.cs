using System.Diagnostics;
using Microsoft.Extensions.Logging;
using SaePlatform.Contracts.Architectures;
using SaePlatform.Contracts.Components;
using SaePlatform.Contracts.Data;
using SaePlatform.Contracts.Observers;
using SaePlatform.Contracts.Penalties;
using SaePlatform.Contracts.Runs;
using SaePlatform.Host.Configuration.Plan;
using SaePlatform.Host.Logging;
using SaePlatform.Host.Plugins;
using SaePlatform.Host.Training.Data;
using SaePlatform.Host.Training.Output;

namespace SaePlatform.Host.Training;

/// <summary>
/// Turns a validated <see cref="RunPlan"/> into training jobs, one per (model, layer), run one after
/// another into the same output tree. Builds components through the plugin catalog, opens and splits
/// the data, initialises the SAE, trains, and writes the resolved config next to the results.
/// </summary>
internal sealed class TrainingRunner(PluginCatalog catalog, ILoggerFactory loggers, RunLogFileSink runLog)
{
    private readonly ILogger _log = loggers.CreateLogger("train");

    /// <summary>Trains every run of the plan; returns the process exit code.</summary>
    public int Run(RunPlan plan, CancellationToken cancellation)
    {
        WarnAboutUnimplementedKeys(plan.Training);
        foreach (var target in plan.Runs)
        {
            var paths = RunPaths.For(target);
            Directory.CreateDirectory(paths.ModelDirectory);
            using var log = runLog.Open(paths.TrainLog);
            var clock = Stopwatch.StartNew();
            RunOutcome outcome;
            try
            {
                File.WriteAllText(paths.ResolvedConfig, RunPlanYamlWriter.Write(plan, target));
                using var job = Prepare(plan, target, paths, cancellation);
                Log.RunStarting(_log, target.Model, target.Layer, plan.Architecture.Descriptor.Id, job.Job.Data.Width,
                    job.Job.Sae.Description.FeatureCount, job.Job.TotalSteps, plan.Training.BatchSize, job.Job.Data.Description);
                var result = new Trainer(job.Job).Run(cancellation);
                outcome = result.Outcome;
                var e = result.Evaluation.Values;
                Log.Evaluated(_log, result.Evaluation.Split, e.GetValueOrDefault("explained_variance", double.NaN), e.GetValueOrDefault("l0", double.NaN),
                    e.GetValueOrDefault("mse_per_row_mean", double.NaN), e.GetValueOrDefault("dead_fraction", double.NaN));
            }
            catch (InvalidDataException ex) // bad data (file, row, offset named in the message): exit 3
            {
                _log.LogError("{Model}/{Layer}: {Message}", target.Model, target.Layer, ex.Message);
                return ExitCodes.DataError;
            }
            catch (Exception ex) when (ex is ArgumentException or ComponentCreationException)
            {
                _log.LogError("{Model}/{Layer}: {Message}", target.Model, target.Layer, ex.Message);
                return ExitCodes.UsageOrConfigError;
            }
            catch (TrainingDivergedException ex)
            {
                _log.LogError("{Model}/{Layer}: {Message}", target.Model, target.Layer, ex.Message);
                return ExitCodes.RuntimeFailure;
            }
            Log.RunFinished(_log, target.Model, target.Layer, outcome.ToString(), clock.Elapsed.TotalSeconds, paths.ModelDirectory);
            if (outcome == RunOutcome.Interrupted) return ExitCodes.Interrupted;
        }
        return ExitCodes.Success;
    }

    private PreparedJob Prepare(RunPlan plan, RunTarget target, RunPaths paths, CancellationToken cancellation)
    {
        var s = plan.Training;
        T Create<T>(ComponentSlot slot) => (T)catalog.Create(slot.Descriptor, slot.Options,
            new ComponentContext(loggers.CreateLogger(slot.Descriptor.Id), plan.ConfigDirectory, paths.SaeDirectory, target.Seed));

        var source = Create<IDataSource>(plan.Data);
        try
        {
            // ---- data: open, max_rows, indexed or streaming split, NaN/Inf check, normaliser (Training/Data/PreparedData.cs) ----
            var (info, split, normalizer, sample) = PreparedData.Open(source, plan.Data.Descriptor.Id, s, target.Seed, _log, cancellation);
            // ---- end data ----

            var penalty = plan.Penalty is { } p ? Create<ISparsityPenalty>(p) : null;
            var sae = Create<ISaeArchitecture>(plan.Architecture);
            sae.Initialize(new SaeInitContext(info.Width, target.Seed, penalty, sample));

            var observers = new List<ITrainingObserver>();
            var metadata = new Dictionary<string, string>
            {
                ["model_name"] = target.Model,
                ["hook_name"] = target.Layer,
                ["trained_with"] = "SaePlatform",
                ["architecture_id"] = plan.Architecture.Descriptor.Id,
            };
            var job = new TrainingJob(paths, plan.Architecture.Descriptor.Id, sae, source, info, split, normalizer, s,
                s.ResolveTotalSteps(split.TrainCount), target.Seed, observers, metadata, _log);
            return new PreparedJob(job);
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    // Keys the config accepts (their names are fixed by the runtime issue) that this runtime does not act on yet:
    // say so once instead of ignoring them silently.
    private void WarnAboutUnimplementedKeys(Configuration.Sections.TrainingOptions s)
    {
        var ignored = new List<string>();
        if (s.CheckpointEvery > 0) ignored.Add("training.checkpoint_every");
        if (s.EvalEvery > 0) ignored.Add("training.eval_every");
        if (s.Patience > 0) ignored.Add("training.patience");
        if (s.Threads is not null) ignored.Add("training.threads");
        if (ignored.Count > 0)
            _log.LogWarning("Not implemented yet and ignored in this version: {Keys}.", string.Join(", ", ignored));
    }

    /// <summary>Owns the job's data source for the duration of the run.</summary>
    private sealed class PreparedJob(TrainingJob job) : IDisposable
    {
        public TrainingJob Job { get; } = job;
        public void Dispose() => Job.Source.Dispose();
    }
}
