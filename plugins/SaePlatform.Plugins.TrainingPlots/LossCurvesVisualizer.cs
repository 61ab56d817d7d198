using SaePlatform.Contracts.Components;
using SaePlatform.Contracts.Runs;
using SaePlatform.Contracts.Visualization;
using SaePlatform.Contracts.Visualization.Figures;
using SaePlatform.Contracts.Visualization.Transforms;

namespace SaePlatform.Plugins.TrainingPlots;

/// <summary>
/// Per loss, <c>loss_curves_&lt;loss&gt;_M_L</c>: raw and smoothed curve with a statistics box (mean, final,
/// min, max); and <c>loss_curves_combined_M_L</c>: every smoothed loss together on a linear and on a log axis.
/// </summary>
[Visualizer("loss_curves", Description = "Per-loss raw + smoothed curves with statistics, and all losses combined on linear and log axes.")]
public sealed class LossCurvesVisualizer(LossCurvesOptions options) : IVisualizer
{
    /// <inheritdoc />
    public void Render(VisualizationContext context, CancellationToken cancellationToken)
    {
        var steps = PlotData.Steps(context.History);
        var present = new List<(TrackedMetric Metric, IReadOnlyList<double> Column)>();
        foreach (var metric in TrackedMetric.Losses)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var column = metric.Column(context.History);
            if (column is null) continue;
            present.Add((metric, column));
            var figure = new Figure { Title = PlotData.Title(context, metric.DisplayName.ToLowerInvariant()) };
            var panel = figure.Panel;
            PlotData.StepAxis(panel);
            panel.Y.Label = metric.DisplayName;
            panel.Y.IgnoreOutliers = options.IgnoreOutliers;
            PlotData.AddRawAndSmoothed(panel, steps, column, options.SmoothingWeight, Palette.For(metric));
            var s = SeriesStatistics.Of(column);
            panel.Add(new TextBox([
                $"mean\t{PlotData.Number(s.Mean)}",
                $"final\t{PlotData.Number(s.Final)}",
                $"min\t{PlotData.Number(s.Min)}",
                $"max\t{PlotData.Number(s.Max)}",
            ], LegendPlacement.UpperRight));
            context.Figures.Save(figure, FileNames.ForFile($"loss_curves_{metric.Key}_{context.ModelName}_{context.LayerName}"));
        }
        if (present.Count == 0) return;

        var combined = new Figure(1, 2) { Title = PlotData.Title(context, "losses (smoothed)") };
        for (int c = 0; c < 2; c++)
        {
            var panel = combined[0, c];
            bool log = c == 1;
            panel.Title = log ? "Log scale" : "Linear scale";
            PlotData.StepAxis(panel);
            panel.Y.Label = "Loss";
            if (log) panel.Y.Scale = AxisScale.Log10;
            foreach (var (metric, column) in present)
                panel.Add(PlotData.Line(steps, Smoothing.Ema(column, options.SmoothingWeight), metric.DisplayName, Palette.For(metric), 1.8));
        }
        context.Figures.Save(combined, FileNames.ForFile($"loss_curves_combined_{context.ModelName}_{context.LayerName}"));
    }
}
