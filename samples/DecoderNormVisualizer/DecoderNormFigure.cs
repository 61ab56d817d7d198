using SaePlatform.Contracts.Components;
using SaePlatform.Contracts.Visualization;
using SaePlatform.Contracts.Visualization.Figures;
using SaePlatform.Tensors.IO;

namespace DecoderNormVisualizer;

/// <summary>
/// Reads the saved SAE (SAELens layout) and draws two histograms side by side: the L2 norm of each decoder
/// row (features the penalty pushed to zero norm show up at the left), and log10 feature density from
/// sparsity.safetensors (dead features pile up at -10). File: {model}_{layer}_decoder_norms.
/// </summary>
[Visualizer("decoder_norms", Description = "Histograms of decoder row norms and log10 feature density of the saved SAE.")]
public sealed class DecoderNormFigure(DecoderNormOptions options) : IVisualizer
{
    /// <inheritdoc />
    public void Render(VisualizationContext context, CancellationToken cancellationToken)
    {
        if (context.SaeDirectory is not { } sae) return;
        var weights = Path.Combine(sae, "sae_weights.safetensors");
        if (!File.Exists(weights)) return;

        var decoder = SafetensorsFile.ReadTensor(weights, "W_dec");
        var norms = new double[decoder.Rows];
        var values = decoder.Span;
        for (int i = 0; i < decoder.Rows; i++)
        {
            double sum = 0;
            for (int j = 0; j < decoder.Cols; j++) sum += values[i * decoder.Cols + j] * (double)values[i * decoder.Cols + j];
            norms[i] = Math.Sqrt(sum);
        }

        var figure = new Figure(1, 2) { Title = $"{context.ModelName} / {context.LayerName}: decoder" };
        var left = figure[0, 0];
        left.Title = "Decoder row norms";
        left.X.Label = "||W_dec,i||";
        left.Y.Label = "features";
        left.Add(Histogram(norms, options.Bins, "features"));
        left.Add(new VerticalLine(norms.Average()) { Label = $"mean {norms.Average():F3}" });

        var right = figure[0, 1];
        right.Title = "Feature density";
        right.X.Label = "log10 firing frequency";
        right.Y.Label = "features";
        var sparsity = Path.Combine(sae, "sparsity.safetensors");
        if (File.Exists(sparsity))
        {
            var density = SafetensorsFile.ReadTensor(sparsity, "sparsity").Span.ToArray().Select(v => (double)v).ToArray();
            right.Add(Histogram(density, options.Bins, "features") with { Color = Color.FromPalette(1) });
        }
        context.Figures.Save(figure, $"{context.ModelName}_{context.LayerName}_decoder_norms");
    }

    private static HistogramSeries Histogram(double[] values, int bins, string label)
    {
        double min = values.Min(), max = values.Max();
        if (max <= min) max = min + 1;
        var edges = new double[bins + 1];
        for (int b = 0; b <= bins; b++) edges[b] = min + (max - min) * b / bins;
        var counts = new double[bins];
        foreach (var v in values) counts[Math.Min(bins - 1, (int)((v - min) / (max - min) * bins))]++;
        return new HistogramSeries(edges, counts) { Label = label };
    }
}
