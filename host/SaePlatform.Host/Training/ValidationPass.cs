using SaePlatform.Contracts.Architectures;
using SaePlatform.Contracts.Runs;
using SaePlatform.Host.Training.Metrics;
using SaePlatform.Tensors;
using SaePlatform.Tensors.Autograd;

namespace SaePlatform.Host.Training;

/// <summary>
/// Validation during training (<c>training.eval_every</c>): the architecture's loss terms (row-weighted mean over
/// batches of <c>batch_size</c>), explained variance over all validation rows (relative to their mean) and L0, on
/// up to 8,192 validation rows read and normalised once. History keys are the training keys prefixed
/// <see cref="MetricNames.ValidationPrefix"/>.
/// </summary>
/// <remarks>Runs <see cref="ISaeArchitecture.Forward"/> with gradients disabled and <see cref="TrainingStep.IsTraining"/>
/// false, so that an architecture leaves its training state (a tracked threshold) alone.</remarks>
internal sealed class ValidationPass
{
    private const int MaxRows = 8192;

    private readonly float[] _rows;
    private readonly int _count, _width, _batch;

    private ValidationPass(float[] rows, int count, int width, int batch)
    {
        _rows = rows;
        _count = count;
        _width = width;
        _batch = batch;
    }

    /// <summary>Reads the validation rows of <paramref name="job"/>, or null when the split is empty.</summary>
    public static ValidationPass? Create(TrainingJob job)
    {
        var rows = job.Split.Validation;
        int n = (int)Math.Min(rows.Length, MaxRows), width = job.Data.Width;
        if (n == 0) return null;
        var x = Data.HeldOutRows.Read(job.Source, rows, n, width, job.Normalizer);
        return new ValidationPass(x, n, width, Math.Max(1, job.Settings.BatchSize));
    }

    public int Rows => _count;

    /// <summary>The validation metrics at <paramref name="step"/> (keys <see cref="MetricNames.Validation"/> of the training keys).</summary>
    public Dictionary<string, double> Run(ISaeArchitecture sae, TrainingStep step)
    {
        step = step with { IsTraining = false };
        var sums = new Dictionary<string, double>();
        var xHat = new float[_rows.Length];
        var activity = new FeatureActivity(sae.Description.FeatureCount);
        double l0Sum = 0;
        using (GradMode.Disable())
        {
            for (int start = 0; start < _count; start += _batch)
            {
                int b = Math.Min(_batch, _count - start);
                using var scope = TensorScope.Begin();
                var x = Tensor.FromArray(_rows.AsSpan(start * _width, b * _width), b, _width);
                var result = sae.Forward(x, step);
                double overall = 0;
                foreach (var term in result.Losses)
                {
                    double v = term.Value.ToScalar();
                    overall += v;
                    string key = MetricNames.Validation(term.MetricName);
                    sums[key] = sums.GetValueOrDefault(key) + v * b;
                }
                sums[MetricNames.Validated.OverallLoss] = sums.GetValueOrDefault(MetricNames.Validated.OverallLoss) + overall * b;
                result.Reconstruction.CopyTo(xHat.AsSpan(start * _width, b * _width));
                l0Sum += activity.Observe(result.DenseFeatures, result.SparseFeatures, 0) * b;
            }
        }
        var values = new Dictionary<string, double>(sums.Count + 2);
        foreach (var (k, v) in sums) values[k] = v / _count;
        values[MetricNames.Validated.ExplainedVariance] = ReconstructionMetrics.Compute(_rows, xHat, _width).ExplainedVariance;
        values[MetricNames.Validated.L0] = l0Sum / _count;
        return values;
    }
}
