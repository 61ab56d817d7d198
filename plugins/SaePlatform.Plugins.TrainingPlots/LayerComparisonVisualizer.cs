using SaePlatform.Contracts.Components;
using SaePlatform.Contracts.Runs;
using SaePlatform.Contracts.Visualization;
using SaePlatform.Contracts.Visualization.Figures;
using SaePlatform.Contracts.Visualization.Transforms;

namespace SaePlatform.Plugins.TrainingPlots;

/// <summary>
/// <c>M_all_layers_&lt;metric&gt;</c>: the smoothed curve of every layer of the model on one axis, per metric,
/// when the model has more than one layer (rewritten as more layers finish).
/// </summary>
[Visualizer("layer_comparison", Description = "Overlay of all layers of a model, one figure per metric.")]
public sealed class LayerComparisonVisualizer(LayerComparisonOptions options) : IVisualizer
{
    /// <inheritdoc />
    public void Render(VisualizationContext context, CancellationToken cancellationToken)
    {
        if (context.LayerHistories.Count < 2) return;
        var layers = context.LayerHistories.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();
        foreach (var metric in TrackedMetric.Basic)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var figure = new Figure { Title = $"{context.ModelName}: {metric.DisplayName.ToLowerInvariant()} by layer" };
            var panel = figure.Panel;
            PlotData.StepAxis(panel);
            panel.Y.Label = metric.DisplayName;
            int index = 0;
            foreach (var (layer, history) in layers)
            {
                var column = metric.Column(history);
                var color = Color.FromPalette(index++);
                if (column is null) continue;
                panel.Add(PlotData.Line(PlotData.Steps(history), Smoothing.Ema(column, options.SmoothingWeight), layer, color, 1.6));
            }
            if (panel.Series.Count == 0) continue;
            context.Figures.Save(figure, FileNames.ForFile($"{context.ModelName}_all_layers_{metric.Key}"));
        }
    }
}
