using SaePlatform.Contracts.Architectures;
using SaePlatform.Host.Configuration.Sections;
using SaePlatform.Tensors;

namespace SaePlatform.Host.Training.Data;

/// <summary>
/// Input normalisation applied to every batch before the SAE sees it (SAE_REFERENCE.md "Activation
/// normalisation"): expected_average_only_in scales by one constant s = sqrt(d_in)/E||x|| estimated on
/// sample rows and folds s back into the weights when saving; constant_norm_rescale scales each row to
/// norm sqrt(d_in); layer_norm standardises each row. The last two are applied at inference by SAELens
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

    /// <summary>The constant of expected_average_only_in (1 otherwise).</summary>
    public float Scale { get; }

    /// <summary>SAELens's <c>normalize_activations</c> value for cfg.json after folding.</summary>
    public string SavedName => _mode switch
    {
        ActivationNormalization.ConstantNormRescale => "constant_norm_rescale",
        ActivationNormalization.LayerNorm => "layer_norm",
        _ => "none",
    };

    public static ActivationNormalizer Create(ActivationNormalization mode, int width, ReadOnlySpan<float> sampleRows)
    {
        float scale = 1f;
        if (mode == ActivationNormalization.ExpectedAverageOnlyIn)
        {
            int n = sampleRows.Length / width;
            if (n == 0) throw new ArgumentException("training.normalize_activations: expected_average_only_in needs sample rows (training.init_sample_rows > 0).");
            double sum = 0;
            for (int r = 0; r < n; r++) sum += Math.Sqrt(SumSquares(sampleRows.Slice(r * width, width)));
            double meanNorm = sum / n;
            scale = meanNorm > 0 ? (float)(Math.Sqrt(width) / meanNorm) : 1f;
        }
        return new ActivationNormalizer(mode, width, scale);
    }

    /// <summary>Normalises row-major rows in place.</summary>
    public void Apply(Span<float> rows)
    {
        if (_mode == ActivationNormalization.None) return;
        int n = rows.Length / _width;
        for (int r = 0; r < n; r++)
        {
            var row = rows.Slice(r * _width, _width);
            switch (_mode)
            {
                case ActivationNormalization.ExpectedAverageOnlyIn:
                    System.Numerics.Tensors.TensorPrimitives.Multiply(row, Scale, row);
                    break;
                case ActivationNormalization.ConstantNormRescale:
                    double norm = Math.Sqrt(SumSquares(row));
                    if (norm > 0) System.Numerics.Tensors.TensorPrimitives.Multiply(row, (float)(Math.Sqrt(_width) / norm), row);
                    break;
                case ActivationNormalization.LayerNorm:
                    double mean = 0;
                    foreach (var v in row) mean += v;
                    mean /= _width;
                    double var = 0;
                    foreach (var v in row) var += (v - mean) * (v - mean);
                    float inv = (float)(1 / Math.Sqrt(var / _width + 1e-5));
                    for (int j = 0; j < row.Length; j++) row[j] = (float)((row[j] - mean) * inv);
                    break;
            }
        }
    }

    /// <summary>
    /// Folds the expected_average_only_in constant into the saved tensors so the SAE takes raw inputs:
    /// W_enc * s, W_dec / s, b_dec / s (SAELens's fold_activation_norm_scaling_factor).
    /// </summary>
    public IReadOnlyDictionary<string, Tensor> FoldForSaving(IReadOnlyDictionary<string, Tensor> state)
    {
        if (_mode != ActivationNormalization.ExpectedAverageOnlyIn || Scale == 1f) return state;
        var folded = new Dictionary<string, Tensor>(state);
        Fold(folded, "W_enc", Scale);
        Fold(folded, "W_dec", 1 / Scale);
        Fold(folded, "b_dec", 1 / Scale);
        return folded;
    }

    private static void Fold(Dictionary<string, Tensor> state, string name, float factor)
    {
        if (!state.TryGetValue(name, out var t)) return;
        var copy = Tensor.Persistent(t.Shape.ToArray());
        System.Numerics.Tensors.TensorPrimitives.Multiply(t.Span, factor, copy.Span);
        state[name] = copy;
    }

    private static double SumSquares(ReadOnlySpan<float> row)
    {
        double s = 0;
        foreach (var v in row) s += (double)v * v;
        return s;
    }
}
