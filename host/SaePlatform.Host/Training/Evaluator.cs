using SaePlatform.Contracts.Architectures;
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

    public static EvaluationResult Evaluate(TrainingJob job, string splitName, long step) =>
        Evaluate(job.Sae, job.Source, splitName == "test" ? job.Split.Test : job.Split.Validation, job.Data.Width, job.Normalizer, splitName, step);

    /// <summary>
    /// Evaluates <paramref name="sae"/> on up to 16,384 of <paramref name="rows"/> (normalised by
    /// <paramref name="normalizer"/>): the scalar values plus the arrays <c>mse_per_row</c> [rows],
    /// <c>mean_activation_per_feature</c> and <c>log10_feature_density</c> [d_sae].
    /// </summary>
    /// <remarks>
    /// Squared errors (<c>mse_per_row*</c>) are in the units of the rows the saved SAE takes (<see cref="MseUnits"/>),
    /// so that the evaluation at the end of training and <c>sae eval</c> of the saved SAE give the same numbers: the
    /// expected_average_only_in constant s is folded into the saved weights, so the SAE trained on s x rows is
    /// evaluated on the rows as read (squared errors divided by s^2); per-row normalisations (constant_norm_rescale,
    /// layer_norm) stay, as SAELens applies them at inference. Explained variance and L0 do not depend on s.
    /// </remarks>
    public static EvaluationResult Evaluate(ISaeArchitecture sae, IDataSource source, long[] rows, int width,
        Data.ActivationNormalizer normalizer, string splitName, long step)
    {
        int n = (int)Math.Min(rows.Length, EvaluationRows);
        int features = sae.Description.FeatureCount;
        var values = new Dictionary<string, double> { [MetricNames.Evaluation.Rows] = n };
        if (n == 0) return new EvaluationResult(splitName, step, values);

        double nonZero = 0, nearZero = 0;
        var firing = new int[features];
        var activationSum = new double[features];
        var x = Data.HeldOutRows.Read(source, rows, n, width, normalizer);
        var xHat = new float[n * width];

        using (GradMode.Disable())
        {
            for (int start = 0; start < n; start += BatchRows)
            {
                int b = Math.Min(BatchRows, n - start);
                using var scope = TensorScope.Begin();
                var input = Tensor.FromArray(x.AsSpan(start * width, b * width), b, width);
                var f = sae.Encode(input);
                var recon = sae.Decode(f);
                recon.CopyTo(xHat.AsSpan(start * width, b * width));
                var fs = f.ReadOnHost();
                for (int r = 0; r < b; r++)
                {
                    var row = fs.Slice(r * features, features);
                    for (int i = 0; i < features; i++)
                    {
                        float v = row[i];
                        activationSum[i] += v;
                        if (v != 0) { nonZero++; firing[i]++; }
                        if (Math.Abs(v) < 1e-6f) nearZero++;
                    }
                }
            }
        }

        // Squared errors of s x rows are s^2 times those of the rows as read (see remarks).
        double toSavedUnits = 1.0 / ((double)normalizer.Scale * normalizer.Scale);
        var msePerRow = new double[n];
        double errSum = 0, errSumSq = 0;
        for (int r = 0; r < n; r++)
        {
            double e = 0;
            for (int j = 0; j < width; j++) { double d = x[r * width + j] - xHat[r * width + j]; e += d * d; }
            e *= toSavedUnits;
            msePerRow[r] = e;
            errSum += e;
            errSumSq += e * e;
        }
        double mseMean = errSum / n;
        values[MetricNames.Evaluation.MsePerRowMean] = mseMean;
        values[MetricNames.Evaluation.MsePerRowStd] = Math.Sqrt(Math.Max(0, errSumSq / n - mseMean * mseMean));
        var (ev, evStd, _) = Metrics.ReconstructionMetrics.Compute(x, xHat, width);
        values[MetricNames.Evaluation.ExplainedVariance] = ev;
        values[MetricNames.Evaluation.ExplainedVarianceStd] = evStd;
        values[MetricNames.Evaluation.L0] = nonZero / n;
        values[MetricNames.Evaluation.NearZeroFraction] = nearZero / ((double)n * features);
        int dead = 0;
        var meanActivation = new double[features];
        var log10Density = new double[features];
        for (int i = 0; i < features; i++)
        {
            if (firing[i] == 0) dead++;
            meanActivation[i] = activationSum[i] / n;
            // SAE_REFERENCE.md "Metrics": log10(firing frequency + 1e-10).
            log10Density[i] = Math.Log10((double)firing[i] / n + 1e-10);
        }
        values[MetricNames.Evaluation.DeadFraction] = dead / (double)features;

        if (source is IGroundTruthSource truth && sae.StateForSaving().TryGetValue("W_dec", out var wDec))
        {
            var (meanBest, above) = FeatureRecovery(truth.TrueFeatures, wDec);
            values[MetricNames.Evaluation.FeatureRecoveryMeanMaxCosine] = meanBest;
            values[MetricNames.Evaluation.FeatureRecoveryFractionAbove09] = above;
        }
        return new EvaluationResult(splitName, step, values)
        {
            MseUnits = MseUnits(normalizer),
            Arrays = new Dictionary<string, double[]>
            {
                [MetricNames.Evaluation.MsePerRow] = msePerRow,
                [MetricNames.Evaluation.MeanActivationPerFeature] = meanActivation,
                [MetricNames.Evaluation.Log10FeatureDensity] = log10Density,
            },
        };
    }

    /// <summary>What the squared errors of an evaluation with <paramref name="normalizer"/> are measured in.</summary>
    public static string MseUnits(Data.ActivationNormalizer normalizer) => normalizer.SavedName == "none"
        ? "input units (squared error summed over d_in, of the rows as read)"
        : $"{normalizer.SavedName} units (squared error summed over d_in, of the rows after {normalizer.SavedName}, which SAELens also applies at inference)";

    /// <summary>For each true feature, the best |cos| with any decoder row: (mean, fraction above 0.9).</summary>
    internal static (double MeanBest, double FractionAbove) FeatureRecovery(Tensor trueFeatures, Tensor wDec)
    {
        int nTrue = trueFeatures.Rows, d = trueFeatures.Cols, nDec = wDec.Rows;
        var t = trueFeatures.ReadOnHost();
        var w = wDec.ReadOnHost();
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
