using SaePlatform.Contracts.Architectures;
using SaePlatform.Host.Configuration.Sections;
using SaePlatform.Host.Runs;
using SaePlatform.Tensors;

namespace SaePlatform.Host.Training.Data;

/// <summary>
/// Input normalisation applied to every batch before the SAE sees it (SAE_REFERENCE.md "Activation
/// normalisation"): expected_average_only_in scales by one constant s = sqrt(d_in)/E||x|| estimated on
/// sample rows and folds s back into the weights when saving; expected_variance_only_in does the same with
/// s = sqrt(d_in / E||x - mu||^2), so that a large mean (residual streams) does not shrink the part the SAE models; constant_norm_rescale scales each row to
/// norm sqrt(d_in); layer_norm standardises each row as SAELens does ((x - mean) / (unbiased std + 1e-5)). The last two are applied at inference by SAELens
/// itself, so they are recorded in cfg.json instead of folded.
/// </summary>
internal sealed class ActivationNormalizer
{
    private readonly ActivationNormalization _mode;
    private readonly int _width;

    private ActivationNormalizer(ActivationNormalization mode, int width, float scale)
    {
        _mode = mode;
        _width = width;
        Scale = scale;
    }

    /// <summary>The constant of expected_average_only_in or expected_variance_only_in (1 otherwise).</summary>
    public float Scale { get; }

    /// <summary>SAELens's <c>normalize_activations</c> value for cfg.json after folding.</summary>
    public string SavedName => _mode switch
    {
        ActivationNormalization.ConstantNormRescale => "constant_norm_rescale",
        ActivationNormalization.LayerNorm => "layer_norm",
        _ => "none",
    };

    /// <summary>The normaliser for raw rows fed to a saved SAE (<see cref="SavedSae.InferenceNormalization"/>).</summary>
    public static ActivationNormalizer ForInference(SavedSae saved) =>
        Create(saved.InferenceNormalization, saved.InputWidth, ReadOnlySpan<float>.Empty);

    public static ActivationNormalizer Create(ActivationNormalization mode, int width, ReadOnlySpan<float> sampleRows)
    {
        float scale = 1f;
        if (IsConstantScale(mode))
        {
            int n = sampleRows.Length / width;
            if (n == 0) throw new ArgumentException($"training.normalize_activations: {Configuration.Binding.ConfigKeyNaming.ToSnakeCase(mode.ToString())} needs sample rows (training.init_sample_rows > 0).");
            double expected = mode == ActivationNormalization.ExpectedAverageOnlyIn ? MeanNorm(sampleRows, width, n) : Math.Sqrt(MeanCentredSquares(sampleRows, width, n));
            double exact = expected > 0 ? Math.Sqrt(width) / expected : 1;
            // Rows so large or so small that the factor or its inverse leaves float32's normal range cannot be scaled
            // (nor trained on): say so instead of training on zeros and infinities.
            if (!float.IsNormal((float)exact) || !float.IsNormal((float)(1 / exact)))
                throw new InvalidDataException(
                    $"training.normalize_activations: {Configuration.Binding.ConfigKeyNaming.ToSnakeCase(mode.ToString())} would scale the rows by {exact:G4}, " +
                    $"outside float32's range (the sample rows' {(mode == ActivationNormalization.ExpectedAverageOnlyIn ? "mean norm" : "centred norm")} is {expected:G4}): " +
                    "check the data's dtype and byte order, or set training.normalize_activations: none");
            scale = (float)exact;
        }
        return new ActivationNormalizer(mode, width, scale);
    }

    /// <summary>Normalises row-major rows in place.</summary>
    public void Apply(Span<float> rows) => Apply(rows, default, default);

    /// <summary>
    /// Normalises row-major rows in place and, when <paramref name="shift"/> and <paramref name="scale"/> are given
    /// (one entry per row), records how <see cref="Restore"/> maps a reconstruction back to raw units.
    /// layer_norm follows SAELens: mu = mean(x), x - mu divided by (std + 1e-5) with torch's unbiased std
    /// (divisor d_in - 1), and back as x_hat * std + mu; constant_norm_rescale multiplies by sqrt(d_in)/||x||
    /// and back by its inverse.
    /// </summary>
    public void Apply(Span<float> rows, Span<float> shift, Span<float> scale)
    {
        int n = rows.Length / _width;
        bool record = !scale.IsEmpty;
        if (record)
        {
            shift[..n].Clear();
            scale[..n].Fill(1f);
        }
        if (_mode == ActivationNormalization.None) return;
        for (int r = 0; r < n; r++)
        {
            var row = rows.Slice(r * _width, _width);
            switch (_mode)
            {
                case ActivationNormalization.ExpectedAverageOnlyIn or ActivationNormalization.ExpectedVarianceOnlyIn:
                    System.Numerics.Tensors.TensorPrimitives.Multiply(row, Scale, row);
                    if (record) scale[r] = 1 / Scale;
                    break;
                case ActivationNormalization.ConstantNormRescale:
                    double norm = Math.Sqrt(SumSquares(row));
                    if (norm <= 0) break;
                    System.Numerics.Tensors.TensorPrimitives.Multiply(row, (float)(Math.Sqrt(_width) / norm), row);
                    if (record) scale[r] = (float)(norm / Math.Sqrt(_width));
                    break;
                case ActivationNormalization.LayerNorm:
                    double mean = 0;
                    foreach (var v in row) mean += v;
                    mean /= _width;
                    double squares = 0;
                    foreach (var v in row) squares += (v - mean) * (v - mean);
                    double std = _width > 1 ? Math.Sqrt(squares / (_width - 1)) : 0;
                    double inv = 1 / (std + LayerNormEpsilon);
                    for (int j = 0; j < row.Length; j++) row[j] = (float)((row[j] - mean) * inv);
                    if (record)
                    {
                        shift[r] = (float)mean;
                        scale[r] = (float)std;
                    }
                    break;
            }
        }
    }

    /// <summary>Maps normalised rows (a reconstruction) back to raw units with what <see cref="Apply(Span{float}, Span{float}, Span{float})"/> recorded.</summary>
    public void Restore(Span<float> rows, ReadOnlySpan<float> shift, ReadOnlySpan<float> scale)
    {
        if (_mode == ActivationNormalization.None) return;
        int n = rows.Length / _width;
        for (int r = 0; r < n; r++)
        {
            var row = rows.Slice(r * _width, _width);
            for (int j = 0; j < row.Length; j++) row[j] = row[j] * scale[r] + shift[r];
        }
    }

    /// <summary>SAELens's layer_norm epsilon, added to the standard deviation.</summary>
    public const double LayerNormEpsilon = 1e-5;

    /// <summary>
    /// Folds the constant of expected_average_only_in or expected_variance_only_in into the saved tensors so the SAE
    /// takes raw inputs: W_enc * s, W_dec / s, b_dec / s (SAELens's fold_activation_norm_scaling_factor).
    /// </summary>
    public IReadOnlyDictionary<string, Tensor> FoldForSaving(IReadOnlyDictionary<string, Tensor> state)
    {
        if (!IsConstantScale(_mode) || Scale == 1f) return state;
        var folded = new Dictionary<string, Tensor>(state);
        Fold(folded, "W_enc", Scale);
        Fold(folded, "W_dec", 1 / Scale);
        Fold(folded, "b_dec", 1 / Scale);
        return folded;
    }

    private static void Fold(Dictionary<string, Tensor> state, string name, float factor)
    {
        if (!state.TryGetValue(name, out var t)) return;
        var copy = Tensor.Wrap(new float[t.Length], t.Shape.ToArray()); // for saving: host memory
        System.Numerics.Tensors.TensorPrimitives.Multiply(t.ReadOnHost(), factor, copy.Span);
        state[name] = copy;
    }

    /// <summary>Whether the mode is one constant factor (folded into the weights at save).</summary>
    public static bool IsConstantScale(ActivationNormalization mode) =>
        mode is ActivationNormalization.ExpectedAverageOnlyIn or ActivationNormalization.ExpectedVarianceOnlyIn;

    // E||x|| over the sample rows.
    private static double MeanNorm(ReadOnlySpan<float> rows, int width, int n)
    {
        double sum = 0;
        for (int r = 0; r < n; r++) sum += Math.Sqrt(SumSquares(rows.Slice(r * width, width)));
        return sum / n;
    }

    // E||x - mu||^2 over the sample rows, mu the per-dimension mean (two passes in float64).
    private static double MeanCentredSquares(ReadOnlySpan<float> rows, int width, int n)
    {
        var mean = new double[width];
        for (int r = 0; r < n; r++)
        {
            var row = rows.Slice(r * width, width);
            for (int j = 0; j < width; j++) mean[j] += row[j];
        }
        for (int j = 0; j < width; j++) mean[j] /= n;
        double sum = 0;
        for (int r = 0; r < n; r++)
        {
            var row = rows.Slice(r * width, width);
            for (int j = 0; j < width; j++) sum += (row[j] - mean[j]) * (row[j] - mean[j]);
        }
        return sum / n;
    }

    private static double SumSquares(ReadOnlySpan<float> row)
    {
        double s = 0;
        foreach (var v in row) s += (double)v * v;
        return s;
    }
}
