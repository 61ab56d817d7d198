using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using SaePlatform.Contracts.Architectures;
using SaePlatform.Contracts.Runs;
using SaePlatform.Host.Configuration.Sections;
using SaePlatform.Host.Training.Checkpoints;
using SaePlatform.Host.Training.Data;
using SaePlatform.Host.Training.Health;
using SaePlatform.Host.Training.Metrics;
using SaePlatform.Host.Training.Output;
using SaePlatform.Host.Training.Progress;
using SaePlatform.Host.Training.Schedules;
using SaePlatform.Tensors;
using SaePlatform.Tensors.Autograd;
using SaePlatform.Tensors.Optimizers;

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
    private readonly TrainingOptions _s = job.Settings;
    private readonly long _steps = job.TotalSteps;
    private TrainingHistory _history = new();

    /// <summary>
    /// Runs to the step budget, early stopping, or until <paramref name="cancellation"/> fires (then saves and reports
    /// Interrupted). Continues from <paramref name="resume"/> when given.
    /// </summary>
    /// <exception cref="TrainingDivergedException">A loss term became NaN or infinite (message names step and metric); the
    /// history up to the last good step is written and earlier checkpoints are kept.</exception>
    public TrainingResult Run(CancellationToken cancellation, Checkpoint? resume = null, ITrainingProgress? progress = null)
    {
        progress ??= NoProgress.Instance;
        var sae = job.Sae;
        var optimizer = CreateOptimizer(sae.Parameters);
        var lrSchedule = new LearningRateSchedule(_s.Lr, _steps, _s.LrWarmupSteps, _s.LrSchedule == LrSchedule.Cosine, _s.LrDecaySteps, _s.LrEnd ?? _s.Lr / 10);
        var coefficient = new SparsityWarmup(_s.SparsityCoefficient, _s.SparsityWarmupSteps);
        var activity = new FeatureActivity(sae.Description.FeatureCount);
        var stopping = new EarlyStopping(_s.Patience, _s.MinDelta);
        var validation = _s.EvalEvery > 0 ? ValidationPass.Create(job) : null;
        // The best validation point's weights are kept only when they can be restored: early stopping on.
        bool keepBest = _s.RestoreBestWeights && _s.Patience > 0 && validation is not null;
        SaeSnapshot? best = null;
        int width = job.Data.Width;
        long deadWindow = job.DeadFeatureWindow, densityWindow = job.FeatureSamplingWindow;
        var health = new HealthMonitor(new HealthSettings(sae.Description.FeatureCount, width, deadWindow,
            Math.Max(Math.Max(_s.LrWarmupSteps, _s.SparsityWarmupSteps), (_steps + 9) / 10), _s.SparsityCoefficient, _s.TargetL0)
        {
            NormalisedInput = _s.NormalizeActivations != ActivationNormalization.None,
            BDecFromData = job.BDecInit is DecoderBiasInit.Mean or DecoderBiasInit.GeometricMedian,
        }, job.Logger);

        long step = 0;
        if (resume is not null)
        {
            Restore(resume, optimizer, activity, stopping);
            step = resume.Step;
            best = resume.Best;
            health.Replay(_history);
        }

        foreach (var o in job.Observers)
            o.OnRunStart(new RunInfo(job.Paths.Model, job.Paths.Layer, job.ArchitectureId, width, sae.Description.FeatureCount, _steps, job.Paths.SaeDirectory));

        var outcome = RunOutcome.Completed;
        if (resume is { Finished: true }) outcome = resume.Step < _steps ? RunOutcome.StoppedEarly : RunOutcome.Completed;
        long lastCheckpoint = resume?.Step ?? -1;
        long firstStep = step;
        double deadNow = double.NaN;   // the last logged dead-feature count, for the progress line
        var clock = Stopwatch.StartNew();
        try
        {
            using var batches = new BatchStream(job.Source, job.Normalizer, job.Split, width, _s.BatchSize, job.Seed, _s.Shuffle, _s.PrefetchBatches, skipBatches: step);
            for (; step < _steps && !(resume?.Finished ?? false); step++)
            {
                if (cancellation.IsCancellationRequested) { outcome = RunOutcome.Interrupted; break; }
                // A window's counts are kept until the next one starts, so that the saved sparsity.safetensors of a run
                // ending on a window boundary holds that window, not an empty one.
                if (step > 0 && step % densityWindow == 0) activity.ResetWindow();
                var batch = batches.Next();
                float lr = (float)lrSchedule.At(step);
                optimizer.LearningRate = lr;
                var info = new TrainingStep(step, _steps, (float)coefficient.At(step), lr, step * (long)_s.BatchSize)
                {
                    IsTraining = true,
                    DeadFeatures = activity.DeadFeatures(step, deadWindow),
                };
                var values = TrainStep(sae, optimizer, batch.Data, info, activity);
                batches.Recycle(batch);

                bool stop = false;
                bool evaluate = validation is not null && (step + 1) % _s.EvalEvery == 0;
                if (evaluate)
                {
                    // After this step is counted: the same dead features the next training step will see.
                    var v = validation!.Run(sae, info with { DeadFeatures = activity.DeadFeatures(step + 1, deadWindow) });
                    foreach (var (k, x) in v) values[k] = x;
                    Log.Validated(job.Logger, step, v[ValidationPass.Loss], v[ValidationPass.Prefix + MetricNames.ExplainedVariance], v[ValidationPass.Prefix + MetricNames.L0]);
                    foreach (var o in job.Observers) o.OnEvaluation(new EvaluationResult("validation", step + 1, v));
                    bool stopNow = stopping.Observe(step, v[ValidationPass.Loss]);
                    if (keepBest && stopping.State.BestStep == step) best = SaeSnapshot.Capture(sae, step);
                    if (stopNow)
                    {
                        var state = stopping.State;
                        Log.StoppedEarly(job.Logger, step, _s.MinDelta, _s.Patience, state.BestLoss, state.BestStep);
                        outcome = RunOutcome.StoppedEarly;
                        stop = true;
                    }
                }

                bool windowEnd = (step + 1) % densityWindow == 0;
                if (evaluate || stop || windowEnd || step % _s.LogEvery == 0 || step == _steps - 1)
                {
                    // Dead features are known once a dead-feature window (or, when that is longer, a density window) has passed.
                    if (step + 1 >= Math.Min(deadWindow, densityWindow) || step == _steps - 1 || stop)
                        values[MetricNames.DeadFeatures] = deadNow = activity.DeadCount(step, deadWindow);
                    values[MetricNames.MeanPassesSinceFired] = activity.MeanStepsSinceFired(step);
                    if (windowEnd) activity.AddWindowMetrics(values);
                    _history.Append(step, values);
                    health.Observe(step, values);
                    var metrics = new StepMetrics(step, values);
                    foreach (var o in job.Observers) o.OnStep(metrics);
                    progress.Update(step + 1, _steps, values[MetricNames.OverallLoss], values[MetricNames.L0], values[MetricNames.ExplainedVariance], values.GetValueOrDefault(MetricNames.DeadFeatures, double.NaN));
                    if (step % (_s.LogEvery * 10L) == 0 || step == _steps - 1 || stop)
                        Log.Progress(job.Logger, step + 1, _steps, values[MetricNames.OverallLoss], values[MetricNames.L0],
                            values[MetricNames.ExplainedVariance], double.IsNaN(deadNow) ? "not known yet" : (deadNow / sae.Description.FeatureCount).ToString("P1", CultureInfo.InvariantCulture),
                            (step + 1 - firstStep) * (double)_s.BatchSize / clock.Elapsed.TotalSeconds);
                }

                if (stop) { step++; break; }
                if (_s.CheckpointEvery > 0 && (step + 1) % _s.CheckpointEvery == 0 && step + 1 < _steps)
                {
                    WriteCheckpoint(step + 1, finished: false, optimizer, activity, stopping, best);
                    lastCheckpoint = step + 1;
                }
            }
        }
        catch (TrainingDivergedException ex)
        {
            // Keep every earlier checkpoint; the history shows the run up to the last good step.
            WriteHistory();
            var diverged = RunJudge.Judge(RunOutcome.Failed, ex.Step, _steps, _history, null, sae.Description.FeatureCount, health.Warnings, ex.Message);
            RunHealthFile.Write(job.Paths.RunHealthJson, diverged);
            Log.Verdict(job.Logger, job.Paths.Model, job.Paths.Layer, diverged.Summary);
            throw;
        }

        bool finished = outcome != RunOutcome.Interrupted;
        // A resumed run always ends with a final checkpoint, so that its earlier (unfinished) one is not resumed again.
        if (lastCheckpoint != step && (_s.CheckpointEvery > 0 || !finished || resume is not null))
            WriteCheckpoint(step, finished, optimizer, activity, stopping, best);
        // The checkpoint above holds the weights as trained to the last step; the saved SAE and the evaluation use the best ones.
        long evaluatedStep = finished && keepBest ? RestoreBest(best, stopping.State, step) : step;
        Save(activity);
        var evaluation = Evaluator.Evaluate(job, "test", evaluatedStep);
        foreach (var o in job.Observers) o.OnEvaluation(evaluation);
        EvaluationFile.Write(job.Paths.EvaluationJson, evaluation);
        var runHealth = RunJudge.Judge(outcome, step, _steps, _history, evaluation, sae.Description.FeatureCount, health.Warnings);
        RunHealthFile.Write(job.Paths.RunHealthJson, runHealth);
        foreach (var o in job.Observers) o.OnRunEnd(new RunSummary(outcome, step, _history, job.Paths.SaeDirectory));
        return new TrainingResult(outcome, evaluation, _history, step, runHealth);
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
            job.Logger.LogWarning("The weights of the best validation (step {Step}) are not available (resumed from an older checkpoint); keeping the final weights.", state.BestStep);
            return stepsDone;
        }
        best.RestoreInto(job.Sae, "Best weights");
        Log.RestoredBestWeights(job.Logger, best.Step, state.BestLoss, stepsDone);
        return best.Step + 1;
    }

    private void Restore(Checkpoint c, IOptimizer optimizer, FeatureActivity activity, EarlyStopping stopping)
    {
        var sae = job.Sae;
        // Only the parameters here; the resume state is imported last, after the optimiser, as before.
        SaeSnapshot.Apply(sae, c.SaeState, null, $"Checkpoint {c.Folder}");
        try
        {
            optimizer.ImportState(c.Optimizer);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidDataException($"Checkpoint {c.Folder}: optimiser state does not fit training.optimizer = {_s.Optimizer}: {ex.Message}", ex);
        }
        activity.Import(c.Activity);
        stopping.Restore(c.EarlyStopping);
        if (sae is IResumableState resumable && c.ExtraState is not null) resumable.ImportResumeState(c.ExtraState);
        _history = c.History;
    }

    private void WriteCheckpoint(long stepsDone, bool finished, IOptimizer optimizer, FeatureActivity activity, EarlyStopping stopping, SaeSnapshot? best)
    {
        var sae = job.Sae;
        var checkpoint = new Checkpoint(stepsDone, _steps, finished, SaeSnapshot.LiveTensors(sae), optimizer.ExportState(), activity.Export(), stopping.State,
            (sae as IResumableState)?.ExportResumeState(), _history) { Best = best };
        var folder = CheckpointStore.Write(job.Paths.Checkpoints, checkpoint, sae, job.Normalizer, job.Metadata, activity.Log10Density(), _s.KeepCheckpoints);
        Log.CheckpointWritten(job.Logger, folder);
    }

    private Dictionary<string, double> TrainStep(ISaeArchitecture sae, IOptimizer optimizer, float[] data, TrainingStep info, FeatureActivity activity)
    {
        var values = new Dictionary<string, double>(16);
        using var scope = TensorScope.Begin();
        var x = Tensor.Wrap(data, _s.BatchSize, job.Data.Width);
        var result = sae.Forward(x, info);

        Tensor? loss = null;
        foreach (var term in result.Losses)
        {
            float v = term.Value.ToScalar();
            if (!float.IsFinite(v)) throw new TrainingDivergedException(info.Step, term.MetricName, v);
            values[term.MetricName] = values.GetValueOrDefault(term.MetricName) + v;
            loss = loss is null ? term.Value : Ops.Add(loss, term.Value);
        }
        float total = loss!.ToScalar();
        if (!float.IsFinite(total)) throw new TrainingDivergedException(info.Step, MetricNames.OverallLoss, total);
        values[MetricNames.OverallLoss] = total;
        loss.Backward();
        float gradNorm = _s.GradClip > 0 ? GradientClipping.ClipByGlobalNorm(sae.Parameters, (float)_s.GradClip) : (float)GradientClipping.GlobalNorm(sae.Parameters);
        if (!float.IsFinite(gradNorm)) throw new TrainingDivergedException(info.Step, MetricNames.GradNorm, gradNorm);
        sae.BeforeOptimizerStep(info);
        optimizer.Step();
        sae.AfterOptimizerStep(info);
        optimizer.ZeroGrad();

        values[MetricNames.L0] = activity.Observe(result.DenseFeatures, result.SparseFeatures, info.Step);
        var (ev, evStd, _) = ReconstructionMetrics.Compute(x.Span, result.Reconstruction.Span, job.Data.Width);
        values[MetricNames.ExplainedVariance] = ev;
        values[MetricNames.ExplainedVarianceStd] = evStd;
        values[MetricNames.GradNorm] = gradNorm;
        values[MetricNames.LearningRate] = info.LearningRate;
        values[MetricNames.SparsityCoefficient] = info.SparsityCoefficient;
        values[MetricNames.TrainingSamples] = info.SamplesSeen + _s.BatchSize;
        return values;
    }

    private IOptimizer CreateOptimizer(IReadOnlyList<Tensor> parameters) => _s.Optimizer switch
    {
        OptimizerKind.Adam => new Adam(parameters, new AdamOptions { LearningRate = _s.Lr, Beta1 = _s.AdamBeta1, Beta2 = _s.AdamBeta2, Epsilon = _s.AdamEps, WeightDecay = _s.WeightDecay }),
        OptimizerKind.AdamW => new AdamW(parameters, new AdamWOptions { LearningRate = _s.Lr, Beta1 = _s.AdamBeta1, Beta2 = _s.AdamBeta2, Epsilon = _s.AdamEps, WeightDecay = _s.WeightDecay }),
        _ => new Sgd(parameters, new SgdOptions { LearningRate = _s.Lr, Momentum = _s.Momentum, WeightDecay = _s.WeightDecay }),
    };

    private void Save(FeatureActivity activity)
    {
        SaeLensWriter.Write(job.Paths.SaeDirectory, job.Sae.Description, job.Normalizer.FoldForSaving(job.Sae.StateForInference()),
            job.Normalizer.SavedName, job.Metadata, activity.Log10Density());
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
