using System.Diagnostics;
using Microsoft.Extensions.Logging;
using SaePlatform.Contracts.Architectures;
using SaePlatform.Contracts.Runs;
using SaePlatform.Host.Configuration.Sections;
using SaePlatform.Host.Training.Data;
using SaePlatform.Host.Training.Metrics;
using SaePlatform.Host.Training.Output;
using SaePlatform.Host.Training.Schedules;
using SaePlatform.Tensors;
using SaePlatform.Tensors.Autograd;
using SaePlatform.Tensors.Optimizers;

namespace SaePlatform.Host.Training;

/// <summary>
/// The training loop: batch -> forward -> loss terms -> backward -> clip -> optimiser -> metrics ->
/// history. Writes the SAE, the history and the evaluation when it ends, including on interruption.
/// </summary>
internal sealed class Trainer(TrainingJob job)
{
    private readonly TrainingOptions _s = job.Settings;
    private readonly long _steps = job.TotalSteps;
    private readonly TrainingHistory _history = new();

    /// <summary>Runs to the step budget or until <paramref name="cancellation"/> fires (then saves and reports Interrupted).</summary>
    /// <exception cref="TrainingDivergedException">A loss term became NaN or infinite (message names step and metric).</exception>
    public TrainingResult Run(CancellationToken cancellation)
    {
        var sae = job.Sae;
        var parameters = sae.Parameters;
        var optimizer = CreateOptimizer(parameters);
        var lrSchedule = new LearningRateSchedule(_s.Lr, _steps, _s.LrWarmupSteps, _s.LrSchedule == LrSchedule.Cosine, _s.LrDecaySteps, _s.LrEnd ?? _s.Lr / 10);
        var coefficient = new SparsityWarmup(_s.SparsityCoefficient, _s.SparsityWarmupSteps);
        var activity = new FeatureActivity(sae.Description.FeatureCount);
        int width = job.Data.Width;

        foreach (var o in job.Observers)
            o.OnRunStart(new RunInfo(job.Paths.Model, job.Paths.Layer, job.ArchitectureId, width, sae.Description.FeatureCount, _steps, job.Paths.SaeDirectory));

        var outcome = RunOutcome.Completed;
        long step = 0;
        var clock = Stopwatch.StartNew();
        using (var batches = new BatchStream(job.Source, job.Normalizer, job.Split, width, _s.BatchSize, job.Seed, _s.Shuffle, _s.PrefetchBatches))
        {
            for (; step < _steps; step++)
            {
                if (cancellation.IsCancellationRequested) { outcome = RunOutcome.Interrupted; break; }
                var batch = batches.Next();
                float lr = (float)lrSchedule.At(step);
                optimizer.LearningRate = lr;
                var info = new TrainingStep(step, _steps, (float)coefficient.At(step), lr, step * (long)_s.BatchSize);
                var values = TrainStep(sae, optimizer, batch.Data, info, activity);
                batches.Recycle(batch);

                bool windowEnd = (step + 1) % _s.FeatureSamplingWindow == 0;
                if (windowEnd || step % _s.LogEvery == 0 || step == _steps - 1)
                {
                    values[MetricNames.DeadFeatures] = activity.DeadCount(step, _s.DeadFeatureWindow);
                    values[MetricNames.MeanPassesSinceFired] = activity.MeanStepsSinceFired(step);
                    if (windowEnd)
                    {
                        values[MetricNames.MeanLog10FeatureSparsity] = activity.Log10Density().Average();
                        activity.ResetWindow();
                    }
                    _history.Append(step, values);
                    var metrics = new StepMetrics(step, values);
                    foreach (var o in job.Observers) o.OnStep(metrics);
                    if (step % (_s.LogEvery * 10L) == 0 || step == _steps - 1)
                        Log.Progress(job.Logger, step + 1, _steps, values[MetricNames.OverallLoss], values[MetricNames.L0],
                            values[MetricNames.ExplainedVariance], (step + 1) * (double)_s.BatchSize / clock.Elapsed.TotalSeconds);
                }
            }
        }

        Save(activity);
        var evaluation = Evaluator.Evaluate(job, "test", step);
        foreach (var o in job.Observers) o.OnEvaluation(evaluation);
        EvaluationFile.Write(job.Paths.EvaluationJson, evaluation);
        foreach (var o in job.Observers) o.OnRunEnd(new RunSummary(outcome, step, _history, job.Paths.SaeDirectory));
        return new TrainingResult(outcome, evaluation);
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
        values[MetricNames.OverallLoss] = loss!.ToScalar();
        loss.Backward();
        float gradNorm = _s.GradClip > 0 ? GradientClipping.ClipByGlobalNorm(sae.Parameters, (float)_s.GradClip) : (float)GradientClipping.GlobalNorm(sae.Parameters);
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
        SaeLensWriter.Write(job.Paths.SaeDirectory, job.Sae.Description, job.Normalizer.FoldForSaving(job.Sae.StateForSaving()),
            job.Normalizer.SavedName, job.Metadata, activity.Log10Density());
        HistoryFiles.WriteJson(job.Paths.HistoryJson, _history);
        HistoryFiles.WriteCsv(job.Paths.HistoryCsv, _history, job.Sae.Description.FeatureCount);
    }
}

/// <summary>How a run ended and its final evaluation.</summary>
internal sealed record TrainingResult(RunOutcome Outcome, EvaluationResult Evaluation);

/// <summary>A loss term became NaN or infinite.</summary>
internal sealed class TrainingDivergedException(long step, string metric, float value)
    : Exception($"Training diverged at step {step}: {metric} = {value}. Lower training.lr or check the data for outliers.")
{
    public long Step { get; } = step;
    public string Metric { get; } = metric;
}
