using System.Diagnostics;
using Microsoft.Extensions.Logging;
using SaePlatform.Contracts.Architectures;
using SaePlatform.Contracts.Components;
using SaePlatform.Contracts.Data;
using SaePlatform.Contracts.Observers;
using SaePlatform.Contracts.Penalties;
using SaePlatform.Contracts.Runs;
using SaePlatform.Host.Engine;
using SaePlatform.Host.Logging;
using SaePlatform.Host.Plan;
using SaePlatform.Host.Plugins;
using SaePlatform.Host.Plugins.Components;
using SaePlatform.Host.Runs;
using SaePlatform.Host.Training.Checkpoints;
using SaePlatform.Host.Training.Data;
using SaePlatform.Host.Training.Observers;
using SaePlatform.Host.Training.Progress;
using SaePlatform.Host.Visualization;

namespace SaePlatform.Host.Training;

/// <summary>What <c>sae train --resume</c> asked for: each run's latest checkpoint, or one given folder for the run it belongs to.</summary>
internal sealed record ResumeRequest(string? CheckpointFolder);

/// <summary>
/// Turns a validated <see cref="RunPlan"/> into training jobs, one per (model, layer), run one after
/// another into the same output tree. Builds components through the plugin catalog, opens and splits
/// the data, initialises the SAE (fresh, from <c>run.init_from</c>, or from a checkpoint on resume), trains,
/// and writes the resolved config next to the results.
/// </summary>
internal sealed class TrainingRunner(PluginCatalog catalog, ILoggerFactory loggers, RunLogFileSink runLog)
{
    private readonly ILogger _log = loggers.CreateLogger("train");
    private readonly VisualizationStage _plots = VisualizationStage.ForRun(catalog, loggers);

    /// <summary>Extra observers per run (tests, tools); called once per job.</summary>
    internal Func<RunTarget, IEnumerable<ITrainingObserver>>? ExtraObservers { get; init; }

    /// <summary>Show the live progress line when stderr is a terminal (false: <c>--no-progress</c>, log lines only).</summary>
    public bool ShowProgress { get; init; } = true;

    /// <summary>Trains every run of the plan; returns the process exit code.</summary>
    public int Run(RunPlan plan, CancellationToken cancellation, ResumeRequest? resume = null)
    {
        WarnAboutIneffectiveKeys(plan.Training);
        IDisposable device;
        try
        {
            ComputeThreads.Apply(plan.Training.Threads, "training.threads", _log);
            device = EngineDevices.Use(plan.Training.Device, _log, EngineDevices.CudaOptionsFor(plan.Training.GemmPrecision));
        }
        catch (ArgumentException ex)
        {
            Log.RunFailed(_log, ex.Message);
            return ExitCodes.UsageOrConfigError;
        }
        using var deviceScope = device;
        foreach (var target in plan.Runs)
        {
            var paths = RunPaths.For(target);
            // Held in memory until the run starts: a run that cannot start (bad data, options that do not fit the
            // data, a folder another run owns) leaves nothing on disk.
            using var log = runLog.Begin(paths.TrainLog);
            var clock = Stopwatch.StartNew();
            RunOutcome outcome;
            bool training = false;
            try
            {
                var lockPath = RunLock.PathFor(paths);
                RunLock.ThrowIfHeld(lockPath);
                Checkpoint? checkpoint = null;
                if (resume is not null)
                {
                    var read = ReadResumeCheckpoint(resume, paths);
                    if (read.Skip) continue;
                    checkpoint = read.Checkpoint;
                }

                using var job = Prepare(plan, target, paths, initialise: checkpoint is null, cancellation);
                using var owner = RunLock.Acquire(lockPath, _log);
                log.Start();
                string resolved = RunPlanYamlWriter.Write(plan, target);
                File.WriteAllText(paths.ResolvedConfig, resolved);
                var j = job.Job with { TensorBoard = plan.Run.Tensorboard, ConfigText = resolved };
                if (checkpoint is not null)
                {
                    if (checkpoint.TotalSteps != j.TotalSteps)
                        Log.ResumedScheduleChanges(_log, checkpoint.Folder, checkpoint.TotalSteps, j.TotalSteps);
                    Log.Resuming(_log, target.Model, target.Layer, checkpoint.Folder!, checkpoint.Step, j.TotalSteps);
                }
                Log.RunStarting(_log, target.Model, target.Layer, plan.Architecture.Descriptor.Id, j.Data.Width,
                    j.Sae.Description.FeatureCount, plan.Training.DescribeBudget(j.TotalSteps, j.Split.TrainCount), j.DeadFeatureWindow, j.FeatureSamplingWindow, j.Data.Description);
                foreach (var warning in plan.Training.BudgetWarnings(j.TotalSteps)) Log.BudgetWarning(_log, warning);
                string lossUnits = TrainingLossUnits(plan.Training.NormalizeActivations, j.Normalizer);
                Log.LossUnits(_log, lossUnits);
                if (j.DeadFeatureWindow >= j.TotalSteps && plan.Training.DeadFeatureWindow is not null)
                    Log.DeadWindowLongerThanRun(_log, j.DeadFeatureWindow, j.TotalSteps);
                var trainer = new Trainer(j);
                training = true;
                var result = LiveProgress.Run($"{target.ModelFolderName}/{target.LayerFileStem}", plan.Training.BatchSize, ShowProgress,
                    progress => trainer.Run(cancellation, checkpoint, progress));
                training = false;
                outcome = result.Outcome;
                var e = result.Evaluation.Values;
                Log.Evaluated(_log, result.Evaluation.Split, e.GetValueOrDefault(MetricNames.Evaluation.ExplainedVariance, double.NaN), e.GetValueOrDefault(MetricNames.Evaluation.L0, double.NaN),
                    e.GetValueOrDefault(MetricNames.Evaluation.MsePerRowMean, double.NaN), result.Evaluation.MseUnits ?? "training units", e.GetValueOrDefault(MetricNames.Evaluation.DeadFraction, double.NaN));
                AfterRun(plan, target, paths, result, lossUnits);
            }
            catch (InvalidDataException ex) // bad data (file, row, offset named in the message): exit 3
            {
                Log.TargetFailed(_log, target.Model, target.Layer, ex.Message);
                return ExitCodes.DataError;
            }
            catch (Exception ex) when (IsConfigurationError(ex, training))
            {
                Log.TargetFailed(_log, target.Model, target.Layer, ex.Message);
                return ExitCodes.UsageOrConfigError;
            }
            catch (ArgumentException ex) // from a training step, not a component's config check: a bug, not the user's config
            {
                Log.TrainingFailed(_log, ex, target.Model, target.Layer, ex.Message);
                return ExitCodes.RuntimeFailure;
            }
            catch (OutputInUseException ex)
            {
                Log.TargetFailed(_log, target.Model, target.Layer, ex.Message);
                return ExitCodes.OutputInUse;
            }
            catch (TrainingDivergedException ex)
            {
                Log.TargetFailed(_log, target.Model, target.Layer, ex.Message);
                return ExitCodes.RuntimeFailure;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Log.RunFilesNotWritten(_log, target.Model, target.Layer, ex.Message);
                return ExitCodes.RuntimeFailure;
            }
            Log.RunFinished(_log, target.Model, target.Layer, outcome.ToString(), clock.Elapsed.TotalSeconds, paths.ModelDirectory);
            if (outcome == RunOutcome.Interrupted) return ExitCodes.Interrupted;
        }
        return ExitCodes.Success;
    }

    /// <summary>
    /// A config error (exit 2): a component's <see cref="ComponentConfigurationException"/> at any time, a component that
    /// cannot be built, or an <see cref="ArgumentException"/> while the run is prepared (components built and initialised,
    /// data opened), which is how components have reported bad options. From the first step on, a plain
    /// <see cref="ArgumentException"/> is a failure of the run instead.
    /// </summary>
    private static bool IsConfigurationError(Exception ex, bool training) =>
        ex is ComponentConfigurationException or ComponentCreationException || ex is ArgumentException && !training;

    /// <summary>
    /// The one place for work after a run's files are written, whether it completed, stopped early or was
    /// interrupted (not after a divergence): the loss summary, then the plots (guarded: never fails the run).
    /// </summary>
    private void AfterRun(RunPlan plan, RunTarget target, RunPaths paths, TrainingResult result, string lossUnits)
    {
        LossSummary.Print(result.History, _log, lossUnits, asTable: ShowProgress);
        foreach (var w in result.Health.Warnings)
            if (w.Active) Log.WarningSummary(_log, w.Code, w.FirstStep, $"still active at step {w.LastStep}", w.Message, w.Remedy);
            else Log.ClearedWarningSummary(_log, w.Code, w.FirstStep, w.LastStep, w.Message);
        Log.Verdict(_log, target.Model, target.Layer, result.Health.Summary);
        // The run's token is already cancelled after Ctrl+C; each visualizer call has its own time limit instead.
        _plots.RunForLayer(plan, target, paths, CancellationToken.None);
    }

    private readonly record struct ResumePoint(Checkpoint? Checkpoint, bool Skip);

    // --resume <folder> applies to the run whose checkpoints folder holds it (read as is: the user chose it); every
    // other run uses its newest checkpoint that verifies, falling back to older ones with a warning naming both.
    private ResumePoint ReadResumeCheckpoint(ResumeRequest resume, RunPaths paths)
    {
        if (resume.CheckpointFolder is { } given)
        {
            var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(given));
            if (PluginRoots.PathComparer.Equals(Path.GetDirectoryName(full), Path.GetFullPath(paths.Checkpoints)))
                return Resolved(CheckpointStore.Read(full), paths);
        }
        var candidates = CheckpointStore.List(paths.Checkpoints);
        if (candidates.Count == 0)
        {
            if (File.Exists(paths.EvaluationJson)) { Log.AlreadyFinished(_log, paths.Model, paths.Layer, "no checkpoint, evaluation written"); return new(null, true); }
            Log.NoCheckpoint(_log, paths.Model, paths.Layer, paths.Checkpoints);
            return new(null, false);
        }
        var problems = new List<string>();
        for (var i = candidates.Count - 1; i >= 0; i--)
        {
            try
            {
                var checkpoint = CheckpointStore.Read(candidates[i].Folder);
                if (problems.Count > 0)
                    Log.CheckpointDamaged(_log, paths.Model, paths.Layer, candidates[^1].Folder, problems[0], checkpoint.Folder);
                return Resolved(checkpoint, paths);
            }
            catch (InvalidDataException ex)
            {
                problems.Add(ex.Message);
            }
        }
        throw new InvalidDataException($"no usable checkpoint in {paths.Checkpoints}: " + string.Join("; ", problems));
    }

    private ResumePoint Resolved(Checkpoint checkpoint, RunPaths paths)
    {
        if (!checkpoint.Finished) return new(checkpoint, false);
        Log.AlreadyFinished(_log, paths.Model, paths.Layer, $"checkpoint {checkpoint.Folder} is final");
        return new(null, true);
    }

    /// <summary>
    /// Checks that a <c>--resume</c> folder is a checkpoint of one of the plan's runs.
    /// </summary>
    /// <exception cref="ArgumentException">It is not (message names the folder and where checkpoints are).</exception>
    public static void CheckResumeFolder(RunPlan plan, string folder)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        if (!CheckpointStore.IsCheckpoint(full))
            throw new ArgumentException($"--resume {folder}: not a checkpoint folder (expected a step_NNNNNNN folder with trainer_state.json).");
        if (!plan.Runs.Any(t => PluginRoots.PathComparer.Equals(Path.GetDirectoryName(full), Path.GetFullPath(RunPaths.For(t).Checkpoints))))
            throw new ArgumentException($"--resume {folder}: belongs to none of this config's runs (their checkpoints are under {string.Join(", ", plan.Runs.Select(t => RunPaths.For(t).Checkpoints))}).");
    }

    private PreparedJob Prepare(RunPlan plan, RunTarget target, RunPaths paths, bool initialise, CancellationToken cancellation)
    {
        var s = plan.Training;
        T Create<T>(ComponentSlot slot) => (T)catalog.Create(slot.Descriptor, slot.Options,
            new ComponentContext(loggers.CreateLogger(slot.Descriptor.Id), plan.ConfigDirectory, paths.SaeDirectory, target.Seed));

        var source = Create<IDataSource>(plan.Data);
        try
        {
            // ---- data: open, max_rows, indexed or streaming split, NaN/Inf check, normaliser (Training/Data/PreparedData.cs) ----
            var (info, split, normalizer, sample) = PreparedData.Open(source, plan.Data.Descriptor.Id, s, target.Seed, _log, cancellation,
                header => CheckOptionsAgainstData(plan, header));
            // ---- end data ----

            var penalty = plan.Penalty is { } p ? Create<ISparsityPenalty>(p) : null;
            var sae = Create<ISaeArchitecture>(plan.Architecture);
            long totalSteps = s.ResolveTotalSteps(split.TrainCount);
            sae.Initialize(new SaeInitContext(info.Width, target.Seed, penalty, sample));
            if (initialise && plan.InitFrom is { } from)
            {
                var saved = SavedSae.Read(from);
                saved.CheckFits(sae.Description, plan.Architecture.Descriptor.Id);
                saved.LoadInto(sae, normalizer.Scale);
                Log.InitialisedFrom(_log, target.Model, target.Layer, saved.Folder);
            }

            var observers = CreateObservers(plan, Create<ITrainingObserver>);
            if (ExtraObservers is not null) observers.AddRange(ExtraObservers(target));
            var metadata = new SaeFileMetadata(target.Model, target.Layer, plan.Architecture.Descriptor.Id, plan.Architecture.Options);
            var job = new TrainingJob(paths, plan.Architecture.Descriptor.Id, sae, source, info, split, normalizer, s,
                totalSteps, target.Seed, observers, metadata, _log) { BDecInit = (plan.Architecture.Options as SaeArchitectureOptions)?.BDecInit };
            return new PreparedJob(job);
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    // Rules that need d_in (k below d_sae when d_sae = expansion_factor x d_in, ...) run again once the data's header
    // is read and before any row is, so they are reported as config errors with their location.
    private static void CheckOptionsAgainstData(RunPlan plan, DataSourceInfo header)
    {
        var slot = plan.Architecture;
        if (slot.Options is null) return;
        var items = new Dictionary<object, object?> { [SaeArchitectureOptions.InputWidthItem] = header.Width };
        if (plan.Penalty is { } penalty) items[SaeArchitectureOptions.PenaltyItem] = penalty.Descriptor.Id;
        var errors = Configuration.Binding.OptionsValidator.Revalidate(slot.Options, slot.KeyPath, slot.OptionLocations, slot.Location, items);
        if (errors.Count > 0) throw new Configuration.ConfigException(errors);
    }

    // Observers are guarded: one that cannot be built is reported and left out, and each one's callbacks are
    // wrapped so that an exception never reaches the trainer.
    private List<ITrainingObserver> CreateObservers(RunPlan plan, Func<ComponentSlot, ITrainingObserver> create)
    {
        var observers = new List<ITrainingObserver>();
        foreach (var spec in plan.Observers)
        {
            var descriptor = spec.Component.Descriptor;
            if (spec.Isolation == ComponentIsolation.Process)
                Log.ObserverIsolationIgnored(_log, descriptor.Id);
            try
            {
                observers.Add(new GuardedObserver(create(spec.Component), descriptor.Id, descriptor.PluginId, _log));
            }
            catch (ComponentCreationException e)
            {
                Log.ObserverLeftOut(_log, descriptor.Id, e.Message);
            }
        }
        return observers;
    }

    // What the history's losses are measured in (the rows the SAE trains on), and how they relate to the input rows.
    private static string TrainingLossUnits(Configuration.Sections.ActivationNormalization mode, ActivationNormalizer normalizer) => mode switch
    {
        Configuration.Sections.ActivationNormalization.None => "input units (the rows as read)",
        Configuration.Sections.ActivationNormalization.ExpectedAverageOnlyIn or Configuration.Sections.ActivationNormalization.ExpectedVarianceOnlyIn =>
            $"rows scaled by s = {normalizer.Scale:G6} (normalize_activations: {Configuration.Binding.ConfigKeyNaming.ToSnakeCase(mode.ToString())}); "
                + $"divide by s^2 = {(double)normalizer.Scale * normalizer.Scale:G6} for input units, as the evaluation does",
        _ => $"rows after normalize_activations: {normalizer.SavedName}",
    };

    // Settings that are accepted but have no effect in this combination: say so once instead of ignoring them silently.
    private void WarnAboutIneffectiveKeys(Configuration.Sections.TrainingOptions s)
    {
        if (s.Patience > 0 && s.EvalEvery == 0)
            Log.PatienceWithoutValidation(_log, s.Patience);
    }

    /// <summary>Owns the job's data source and observers for the duration of the run.</summary>
    private sealed class PreparedJob(TrainingJob job) : IDisposable
    {
        public TrainingJob Job { get; } = job;
        public void Dispose()
        {
            foreach (var observer in Job.Observers) (observer as IDisposable)?.Dispose();
            Job.Source.Dispose();
        }
    }
}
