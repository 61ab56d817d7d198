using SaePlatform.Contracts.Data;
using SaePlatform.Contracts.Runs;
using SaePlatform.Tensors;
using SaePlatform.Tensors.Autograd;

namespace SaePlatform.Host.Training;

/// <summary>
/// Evaluation on held-out rows (SAE_REFERENCE.md "Evaluation"): per-row MSE mean and std, explained
/// variance, L0, fraction of near-zero activations, dead fraction, and for sources with ground truth the
/// mean best cosine similarity of each true feature with any decoder row and the fraction above 0.9.
/// </summary>
internal static class Evaluator
{
    private const int BatchRows = 1024;
    private const int EvaluationRows = 16384;

    public static EvaluationResult Evaluate(TrainingJob job, string splitName, long step)
    {
        var rows = splitName == "test" ? job.Split.Test : job.Split.Validation;
        int n = (int)Math.Min(rows.Length, EvaluationRows);
        int width = job.Data.Width, features = job.Sae.Description.FeatureCount;
        var values = new Dictionary<string, double> { ["rows"] = n };
        if (n == 0) return new EvaluationResult(splitName, step, values);

        double errSum = 0, errSumSq = 0, nonZero = 0, nearZero = 0;
        var fired = new bool[features];
        var x = new float[n * width];
        var xHat = new float[n * width];
        for (int r = 0; r < n; r++) job.Source.ReadRows(rows[r], x.AsSpan(r * width, width));
        Data.RowValidation.EnsureFinite(job.Source, x, width, rows, 0);
        job.Normalizer.Apply(x);

        using (GradMode.Disable())
        {
            for (int start = 0; start < n; start += BatchRows)
            {
                int b = Math.Min(BatchRows, n - start);
                using var scope = TensorScope.Begin();
                var input = Tensor.FromArray(x.AsSpan(start * width, b * width), b, width);
                var f = job.Sae.Encode(input);
                var recon = job.Sae.Decode(f);
                recon.Span.CopyTo(xHat.AsSpan(start * width, b * width));
                var fs = f.Span;
                for (int i = 0; i < fs.Length; i++)
                {
                    float v = fs[i];
                    if (v != 0) { nonZero++; fired[i % features] = true; }
                    if (Math.Abs(v) < 1e-6f) nearZero++;
                }
            }
        }

        for (int r = 0; r < n; r++)
        {
            double e = 0;
            for (int j = 0; j < width; j++) { double d = x[r * width + j] - xHat[r * width + j]; e += d * d; }
            errSum += e;
            errSumSq += e * e;
        }
        double mseMean = errSum / n;
        values["mse_per_row_mean"] = mseMean;
        values["mse_per_row_std"] = Math.Sqrt(Math.Max(0, errSumSq / n - mseMean * mseMean));
        var (ev, evStd, _) = Metrics.ReconstructionMetrics.Compute(x, xHat, width);
        values["explained_variance"] = ev;
        values["explained_variance_std"] = evStd;
        values["l0"] = nonZero / n;
        values["near_zero_fraction"] = nearZero / ((double)n * features);
        values["dead_fraction"] = fired.Count(f => !f) / (double)features;

        if (job.Source is IGroundTruthSource truth && job.Sae.StateForSaving().TryGetValue("W_dec", out var wDec))
        {
            var (meanBest, above) = FeatureRecovery(truth.TrueFeatures, wDec);
            values["feature_recovery_mean_max_cosine"] = meanBest;
            values["feature_recovery_fraction_above_0.9"] = above;
        }
        return new EvaluationResult(splitName, step, values);
    }

    /// <summary>For each true feature, the best |cos| with any decoder row: (mean, fraction above 0.9).</summary>
    internal static (double MeanBest, double FractionAbove) FeatureRecovery(Tensor trueFeatures, Tensor wDec)
    {
        int nTrue = trueFeatures.Rows, d = trueFeatures.Cols, nDec = wDec.Rows;
        var t = trueFeatures.Span;
        var w = wDec.Span;
        var decNorms = new double[nDec];
        for (int i = 0; i < nDec; i++)
        {
            double s = 0;
            for (int j = 0; j < d; j++) s += (double)w[i * d + j] * w[i * d + j];
            decNorms[i] = Math.Sqrt(s);
        }
        double sum = 0;
        int above = 0;
        for (int a = 0; a < nTrue; a++)
        {
            double ta = 0;
            for (int j = 0; j < d; j++) ta += (double)t[a * d + j] * t[a * d + j];
            ta = Math.Sqrt(ta);
            double best = 0;
            for (int i = 0; i < nDec; i++)
            {
                double dot = 0;
                for (int j = 0; j < d; j++) dot += (double)t[a * d + j] * w[i * d + j];
                double cos = dot / Math.Max(ta * decNorms[i], 1e-30);
                if (cos > best) best = cos;
            }
            sum += best;
            if (best > 0.9) above++;
        }
        return (sum / nTrue, (double)above / nTrue);
    }
}
