using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using SaePlatform.Contracts.Architectures;
using SaePlatform.Contracts.Runs;
using SaePlatform.Host.Configuration.Sections;
using SaePlatform.Host.Engine;
using SaePlatform.Host.Plugins.Components;
using SaePlatform.Host.Runs;
using SaePlatform.Host.Training.Checkpoints;
using SaePlatform.Host.Training.Data;
using SaePlatform.Host.Training.Health;
using SaePlatform.Host.Training.Metrics;
using SaePlatform.Host.Training.Observers;
using SaePlatform.Host.Training.Optimization;
using SaePlatform.Host.Training.Progress;
using SaePlatform.Host.Training.Remedies;
using SaePlatform.Host.Training.Schedules;
using SaePlatform.Tensors;
using SaePlatform.Tensors.Autograd;
using SaePlatform.Tensors.Optimizers;
using SaePlatform.Tensors.Storage;

namespace SaePlatform.Host.Training;

/// <summary>
/// The training loop: batch -> forward -> loss terms -> backward -> clip -> optimiser -> metrics -> history, with
/// validation and early stopping every <c>eval_every</c> steps and checkpoints every <c>checkpoint_every</c> steps.
/// Writes the SAE, the history, a checkpoint and the evaluation when it ends, including on interruption.
/// </summary>
/// <remarks>
/// Deterministic: everything a step depends on (weights, optimiser moments and counters, data position, feature
/// counters, early-stopping state and the best validation point's weights, the history) is in a checkpoint, so a
/// resumed run writes the same bytes as a run never stopped.
/// </remarks>
internal sealed class Trainer(TrainingJob job)
{
    /// <summary>A progress log line every this many logged steps (the live progress line shows every logged step).</summary>
    private const long LoggedStepsPerLogLine = 10;

    private readonly TrainingOptions _options = job.Settings;
    private readonly long _steps = job.TotalSteps;
    private readonly ISaeArchitecture _sae = job.Sae;
    // The run's parts, made in this order (the optimiser before the validation rows are read).
    private readonly IOptimizer _optimizer = OptimizerFactory.Create(job.Settings, job.Sae.Parameters);
    private readonly LearningRateSchedule _learningRate = LearningRateSchedule.Create(job.Settings, job.TotalSteps);
    private readonly SparsityWarmup _coefficient = new(job.Settings.SparsityCoefficient, job.Settings.SparsityWarmupSteps);
    private readonly FeatureActivity _activity = new(job.Sae.Description.FeatureCount);
    private readonly IDeadFeatureRemedies? _ghostGrads = job.Settings.GhostGrads ? RemedyHooks(job) : null;
    private Resampler? _resampler;
    private readonly StepTransfers? _transfers = StepTransfers.ForCurrentBackend();
    private readonly EarlyStopping _stopping = new(job.Settings.Patience, job.Settings.MinDelta);
    private readonly ValidationPass? _validation = job.Settings.EvalEvery > 0 ? ValidationPass.Create(job) : null;
    private readonly HealthMonitor _health = CreateHealthMonitor(job);
    private readonly ObserverSet _observers = new(job.Observers);
    private readonly Stopwatch _clock = new();
    private TrainingHistory _history = new();
    private LiveRunFiles? _live;
    private SaeSnapshot? _best;
    private long _firstStep;
    private double _deadNow = double.NaN;   // the last logged dead-feature count, for the progress line

    private int FeatureCount => _sae.Description.FeatureCount;

    // The best validation point's weights are kept only when they can be restored: early stopping on.
    private bool KeepBest => _options.RestoreBestWeights && _options.Patience > 0 && _validation is not null;

    /// <summary>
    /// Runs to the step budget, early stopping, or until <paramref name="cancellation"/> fires (then saves and reports
    /// Interrupted). Continues from <paramref name="resume"/> when given.
    /// </summary>
    /// <exception cref="TrainingDivergedException">A loss term became NaN or infinite (message names step and metric); the
    /// history up to the last good step is written and earlier checkpoints are kept.</exception>
    public TrainingResult Run(CancellationToken cancellation, Checkpoint? resume = null, ITrainingProgress? progress = null)
    {
        progress ??= NoProgress.Instance;
        long step = resume is null ? 0 : Resume(resume);
        _observers.OnRunStart(new RunInfo(job.Paths.Model, job.Paths.Layer, job.ArchitectureId, job.Data.Width, FeatureCount, _steps, job.Paths.SaeDirectory));
        var outcome = resume is { Finished: true } && resume.Step < _steps ? RunOutcome.StoppedEarly : RunOutcome.Completed;
        long lastCheckpoint = resume?.Step ?? -1;
        _firstStep = step;
        _clock.Start();
        // Closed before the end-of-run files replace the streamed CSV.
        var live = LiveRunFiles.Open(job.Paths, _history, step, FeatureCount, job.TensorBoard, job.ConfigText, job.Logger);
        _live = live;
        try
        {
            using var stream = new BatchStream(job.Source, job.Normalizer, job.Split, job.Data.Width, _options.BatchSize, job.Seed,
                _options.Shuffle, _options.PrefetchBatches, skipBatches: step);
            var batches = new LookaheadBatches(stream);
            for (; step < _steps && !(resume?.Finished ?? false); step++)
            {
                if (cancellation.IsCancellationRequested) { outcome = RunOutcome.Interrupted; break; }
                var (values, info) = Step(batches, step);
                bool validated = Validate(info, values, out bool stop);
                if (stop) outcome = RunOutcome.StoppedEarly;
                RecordMetrics(step, values, validated, stop, progress);
                if (stop) { step++; break; }
                if (CheckpointDue(step)) { WriteCheckpoint(step + 1, finished: false); lastCheckpoint = step + 1; }
            }
        }
        catch (TrainingDivergedException ex)
        {
            live.Dispose();
            ReportDivergence(ex);
            throw;
        }
        finally
        {
            live.Dispose();
            _live = null;
        }
        return Finish(outcome, step, lastCheckpoint, resume);
    }

    /// <summary>Puts the checkpoint's state back; returns the step to continue from.</summary>
    private long Resume(Checkpoint checkpoint)
    {
        Restore(checkpoint);
        _best = checkpoint.Best;
        _health.Replay(_history);
        return checkpoint.Step;
    }

    /// <summary>
    /// One optimiser step on the next batch, then a resampling event when one is due: the step's loss terms and metrics
    /// (with <c>sparsity/resampled</c> after an event), and what the SAE was told.
    /// </summary>
    private (Dictionary<string, double> Values, TrainingStep Info) Step(LookaheadBatches batches, long step)
    {
        // A window's counts are kept until the next one starts, so that the saved sparsity.safetensors of a run
        // ending on a window boundary holds that window, not an empty one.
        if (step > 0 && step % job.FeatureSamplingWindow == 0) _activity.ResetWindow();
        var batch = batches.Next();
        double lr = _learningRate.At(step);
        _optimizer.LearningRate = lr;
        var info = new TrainingStep(step, _steps, (float)_coefficient.At(step), (float)lr, step * (long)_options.BatchSize)
        {
            IsTraining = true,
            DeadFeatures = _activity.DeadFeatures(step, job.DeadFeatureWindow),
        };
        var values = TrainStep(batch, info);
        if (_options.ResampleEvery > 0)
        {
            _resampler ??= new Resampler(job, _optimizer, _activity);
            if (_resampler.Due(step))
            {
                var resampled = _resampler.Run(step, batches.Peek);
                values[MetricNames.Resampled] = resampled.Resampled;
                if (resampled.Dead == 0) Log.NothingToResample(job.Logger, step + 1, job.DeadFeatureWindow);
                else Log.Resampled(job.Logger, step + 1, resampled.Resampled, resampled.Dead, resampled.ScoredRows);
            }
        }
        return (values, info);
    }

    /// <summary>
    /// Validation and early stopping, every <c>eval_every</c> steps: adds the validation metrics to
    /// <paramref name="values"/> and returns whether it ran; <paramref name="stop"/> is true when early stopping ends the run.
    /// </summary>
    private bool Validate(TrainingStep info, Dictionary<string, double> values, out bool stop)
    {
        stop = false;
        long step = info.Step;
        if (_validation is null || (step + 1) % _options.EvalEvery != 0) return false;
        // After this step is counted: the same dead features the next training step will see.
        var v = _validation.Run(_sae, info with { DeadFeatures = _activity.DeadFeatures(step + 1, job.DeadFeatureWindow) });
        foreach (var (k, x) in v) values[k] = x;
        Log.Validated(job.Logger, step, v[MetricNames.Validated.OverallLoss], v[MetricNames.Validated.ExplainedVariance], v[MetricNames.Validated.L0]);
        _observers.OnEvaluation(new EvaluationResult("validation", step + 1, v));
        bool stopNow = _stopping.Observe(step, v[MetricNames.Validated.OverallLoss]);
        if (KeepBest && _stopping.State.BestStep == step) _best = SaeSnapshot.Capture(_sae, step);
        if (stopNow)
        {
            var state = _stopping.State;
            Log.StoppedEarly(job.Logger, step, _options.MinDelta, _options.Patience, state.BestLoss, state.BestStep);
            stop = true;
        }
        return true;
    }

    /// <summary>
    /// On logged steps (every <c>log_every</c>, a validation, a density-window end, the last step): dead-feature and
    /// window metrics, the history, health checks, observers, the progress line and a log line.
    /// </summary>
    private void RecordMetrics(long step, Dictionary<string, double> values, bool validated, bool stop, ITrainingProgress progress)
    {
        long deadWindow = job.DeadFeatureWindow, densityWindow = job.FeatureSamplingWindow;
        bool windowEnd = (step + 1) % densityWindow == 0;
        bool last = step == _steps - 1;
        bool resampled = values.ContainsKey(MetricNames.Resampled);
        if (!(validated || stop || windowEnd || resampled || step % _options.LogEvery == 0 || last)) return;
        // Dead features are known once a dead-feature window (or, when that is longer, a density window) has passed.
        if (step + 1 >= Math.Min(deadWindow, densityWindow) || last || stop)
            values[MetricNames.DeadFeatures] = _deadNow = _activity.DeadCount(step, deadWindow);
        values[MetricNames.MeanPassesSinceFired] = _activity.MeanStepsSinceFired(step);
        if (windowEnd) _activity.AddWindowMetrics(values);
        _history.Append(step, values);
        _live?.Record(_history, step, values, windowEnd && _live.WantsDensity ? _activity.Log10Density() : null);
        _health.Observe(step, values);
        _observers.OnStep(new StepMetrics(step, values));
        progress.Update(step + 1, _steps, values[MetricNames.OverallLoss], values[MetricNames.L0], values[MetricNames.ExplainedVariance],
            values.GetValueOrDefault(MetricNames.DeadFeatures, double.NaN));
        if (step % (_options.LogEvery * LoggedStepsPerLogLine) == 0 || last || stop)
            Log.Progress(job.Logger, step + 1, _steps, values[MetricNames.OverallLoss], values[MetricNames.L0], values[MetricNames.ExplainedVariance],
                double.IsNaN(_deadNow) ? "not known yet" : (_deadNow / FeatureCount).ToString("P1", CultureInfo.InvariantCulture),
                (step + 1 - _firstStep) * (double)_options.BatchSize / _clock.Elapsed.TotalSeconds);
    }

    private bool CheckpointDue(long step) => _options.CheckpointEvery > 0 && (step + 1) % _options.CheckpointEvery == 0 && step + 1 < _steps;

    /// <summary>Keeps every earlier checkpoint; the history and the health file show the run up to the last good step.</summary>
    private void ReportDivergence(TrainingDivergedException ex)
    {
        WriteHistory();
        var diverged = RunJudge.Judge(RunOutcome.Failed, ex.Step, _steps, _history, null, FeatureCount, _health.Warnings, ex.Message);
        RunHealthFile.Write(job.Paths.RunHealthJson, diverged);
        Log.Verdict(job.Logger, job.Paths.Model, job.Paths.Layer, diverged.Summary);
    }

    /// <summary>The end of a run, also after an interruption: last checkpoint, best weights, SAE files, test evaluation, verdict.</summary>
    private TrainingResult Finish(RunOutcome outcome, long step, long lastCheckpoint, Checkpoint? resume)
    {
        bool finished = outcome != RunOutcome.Interrupted;
        // A resumed run always ends with a final checkpoint, so that its earlier (unfinished) one is not resumed again.
        if (lastCheckpoint != step && (_options.CheckpointEvery > 0 || !finished || resume is not null))
            WriteCheckpoint(step, finished);
        // The checkpoint above holds the weights as trained to the last step; the saved SAE and the evaluation use the best ones.
        long evaluatedStep = finished && KeepBest ? RestoreBest(_best, _stopping.State, step) : step;
        Save();
        var evaluation = Evaluator.Evaluate(job, "test", evaluatedStep);
        _observers.OnEvaluation(evaluation);
        EvaluationFile.Write(job.Paths.EvaluationJson, evaluation);
        var runHealth = RunJudge.Judge(outcome, step, _steps, _history, evaluation, FeatureCount, _health.Warnings);
        RunHealthFile.Write(job.Paths.RunHealthJson, runHealth);
        _observers.OnRunEnd(new RunSummary(outcome, step, _history, job.Paths.SaeDirectory));
        return new TrainingResult(outcome, evaluation, _history, step, runHealth);
    }

    private static HealthMonitor CreateHealthMonitor(TrainingJob job)
    {
        var options = job.Settings;
        long settle = Math.Max(Math.Max(options.LrWarmupSteps, options.SparsityWarmupSteps), (job.TotalSteps + 9) / 10);
        return new HealthMonitor(new HealthSettings(job.Sae.Description.FeatureCount, job.Data.Width, job.DeadFeatureWindow, settle,
            options.SparsityCoefficient, options.TargetL0)
        {
            NormalisedInput = options.NormalizeActivations != ActivationNormalization.None,
            BDecFromData = job.BDecInit is DecoderBiasInit.Mean or DecoderBiasInit.GeometricMedian,
            GhostGradsAvailable = !options.GhostGrads && RemedyDeclaration.Declared(job.Sae.GetType()).HasFlag(DeadFeatureRemedy.GhostGrads),
        }, job.Logger);
    }

    /// <summary>
    /// training.restore_best_weights: when a validation after the best one was worse (always so after early stopping), puts
    /// the best point's weights back. Returns the steps the SAE now has been trained for.
    /// </summary>
    private long RestoreBest(SaeSnapshot? best, EarlyStoppingState state, long stepsDone)
    {
        if (state.BestStep < 0 || state.EvaluationsWithoutImprovement == 0) return stepsDone;
        if (best is null || best.Step != state.BestStep)
        {
            // Only a checkpoint written before best weights were kept can lack them.
            Log.BestWeightsMissing(job.Logger, state.BestStep);
            return stepsDone;
        }
        best.RestoreInto(job.Sae, "Best weights");
        Log.RestoredBestWeights(job.Logger, best.Step, state.BestLoss, stepsDone);
        return best.Step + 1;
    }

    private void Restore(Checkpoint c)
    {
        // Only the parameters here; the architecture's resume state is imported last, after the optimiser's.
        SaeSnapshot.Apply(_sae, c.SaeState, null, $"Checkpoint {c.Folder}");
        try
        {
            _optimizer.ImportState(c.Optimizer);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidDataException($"Checkpoint {c.Folder}: optimiser state does not fit training.optimizer = {_options.Optimizer}: {ex.Message}", ex);
        }
        _activity.Import(c.Activity);
        _stopping.Restore(c.EarlyStopping);
        if (_sae is IResumableState resumable && c.ExtraState is not null) resumable.ImportResumeState(c.ExtraState);
        _history = c.History;
    }

    private void WriteCheckpoint(long stepsDone, bool finished)
    {
        var checkpoint = new Checkpoint(stepsDone, _steps, finished, SaeSnapshot.LiveTensors(_sae), _optimizer.ExportState(), _activity.Export(), _stopping.State,
            (_sae as IResumableState)?.ExportResumeState(), _history) { Best = _best };
        var folder = CheckpointStore.Write(job.Paths.Checkpoints, checkpoint, _sae, job.Normalizer, job.Metadata, _activity.Log10Density(), _options.KeepCheckpoints);
        Log.CheckpointWritten(job.Logger, folder);
    }

    /// <summary>Forward, loss terms, backward, clipping, the optimiser with the architecture's hooks, then the step's metrics.</summary>
    private Dictionary<string, double> TrainStep(float[] data, TrainingStep info)
    {
        var values = new Dictionary<string, double>(16);
        using var scope = TensorScope.Begin();
        var x = Tensor.Input(data, _options.BatchSize, job.Data.Width);
        _transfers?.Begin();
        var result = _sae.Forward(x, info);

        Tensor? loss = null;
        IReadOnlyList<LossTerm> terms = _ghostGrads is null ? result.Losses : [.. result.Losses, GhostGradsTerm(_ghostGrads, x, result, info)];
        foreach (var term in terms) loss = loss is null ? term.Value : Ops.Add(loss, term.Value);
        loss!.Backward();

        // Everything the host needs from the step, in one read: the loss terms and their total, the squared gradient
        // norm, the reconstruction statistics (float64 bit pairs) and four scalars of the firing counters, which are
        // updated where the engine computes (no d_sae-sized read).
        var counts = _activity.Counts(result.DenseFeatures, result.SparseFeatures, out int rows);
        var read = Ops.Concat([Ops.StackScalars([.. terms.Select(t => t.Value), loss]),
            GradientClipping.SquaredGlobalNorm(_sae.Parameters), Ops.ReconstructionStatisticsF64(x, result.Reconstruction),
            _activity.ObserveOnDevice(counts, info.Step, job.DeadFeatureWindow)]).ReadOnHost();
        int n = terms.Count;
        for (int i = 0; i < n; i++)
        {
            float v = read[i];
            if (!float.IsFinite(v)) throw new TrainingDivergedException(info.Step, terms[i].MetricName, v);
            values[terms[i].MetricName] = values.GetValueOrDefault(terms[i].MetricName) + v;
        }
        float total = read[n];
        if (!float.IsFinite(total)) throw new TrainingDivergedException(info.Step, MetricNames.OverallLoss, total);
        values[MetricNames.OverallLoss] = total;
        var statistics = read[(n + 1)..(n + 9)];
        double norm = Math.Sqrt(Float64Bits.Read(statistics, 0));
        float gradNorm = (float)norm;
        if (_options.GradClip > 0) GradientClipping.ClipToNorm(_sae.Parameters, norm, (float)_options.GradClip);
        if (!float.IsFinite(gradNorm)) throw new TrainingDivergedException(info.Step, MetricNames.GradNorm, gradNorm);
        _sae.BeforeOptimizerStep(info);
        _optimizer.Step();
        _sae.AfterOptimizerStep(info);
        _optimizer.ZeroGrad();

        values[MetricNames.L0] = _activity.CompleteDeviceStep(read[(n + 9)..], rows, info.Step, job.DeadFeatureWindow);
        values[MetricNames.ExplainedVariance] = Float64Bits.Read(statistics, 1);
        values[MetricNames.ExplainedVarianceStd] = Float64Bits.Read(statistics, 2);
        values[MetricNames.GradNorm] = gradNorm;
        values[MetricNames.LearningRate] = info.LearningRate;
        values[MetricNames.SparsityCoefficient] = info.SparsityCoefficient;
        values[MetricNames.TrainingSamples] = info.SamplesSeen + _options.BatchSize;
        _transfers?.End(values);
        return values;
    }

    // losses/ghost_grad_loss on this step's dead features (0 while none is dead).
    private static LossTerm GhostGradsTerm(IDeadFeatureRemedies hooks, Tensor x, SaeForwardResult result, TrainingStep info)
    {
        // The dead features' indices stay on the engine's device (IDeadFeatureRemedies' IndexTensor hooks): nothing is read.
        if (info.DeadFeatures is not { Count: > 0 } dead) return new LossTerm(MetricNames.GhostGradLoss, Tensor.Scalar(0f));
        return new LossTerm(MetricNames.GhostGradLoss, GhostGrads.Loss(hooks, x, result.Reconstruction, dead.Indices()));
    }

    // The plan checks the architecture's [DeadFeatureRemedies] declaration, and plugin validation that it implements the hooks.
    private static IDeadFeatureRemedies RemedyHooks(TrainingJob job) => job.Sae as IDeadFeatureRemedies
        ?? throw new InvalidOperationException($"Architecture '{job.ArchitectureId}' ({job.Sae.GetType().FullName}) does not implement IDeadFeatureRemedies.");

    private void Save()
    {
        SaeLensWriter.Write(job.Paths.SaeDirectory, job.Sae.Description, job.Sae.StateForInference(job.Normalizer.FoldForSaving(job.Sae.StateForSaving())),
            job.Normalizer.SavedName, job.Metadata, _activity.Log10Density());
        if (!SaeLensWriter.LoadsInSaeLens(job.Sae.Description.SavedArchitecture))
            Log.NotSaeLensLoadable(job.Logger, job.Paths.SaeDirectory, job.Sae.Description.SavedArchitecture);
        WriteHistory();
    }

    private void WriteHistory()
    {
        HistoryFiles.WriteJson(job.Paths.HistoryJson, _history);
        HistoryFiles.WriteCsv(job.Paths.HistoryCsv, _history, job.Sae.Description.FeatureCount);
    }
}

/// <summary>How a run ended, its final evaluation, its history, the steps completed and the verdict with the run's warnings.</summary>
internal sealed record TrainingResult(RunOutcome Outcome, EvaluationResult Evaluation, TrainingHistory History, long StepsCompleted, RunHealth Health);

/// <summary>A loss term became NaN or infinite.</summary>
internal sealed class TrainingDivergedException(long step, string metric, float value)
    : Exception($"Training diverged at step {step}: {metric} = {value}. Lower training.lr or check the data for outliers; earlier checkpoints are kept.")
{
    public long Step { get; } = step;
    public string Metric { get; } = metric;
}
