using SaePlatform.Contracts.Components;
using SaePlatform.Contracts.Runs;
using SaePlatform.Contracts.Visualization;
using SaePlatform.Contracts.Visualization.Figures;
using SaePlatform.Contracts.Visualization.Transforms;

namespace SaePlatform.Plugins.TrainingPlots;

/// <summary>
/// Per loss term the run logged (reconstruction, total, sparsity, and every other term: AuxK, matryoshka prefix
/// losses, a plugin architecture's own), <c>M_L_loss_curves_&lt;loss&gt;</c>: raw and smoothed curve, the final value
/// marked, a statistics box (mean, final, min, max); and <c>M_L_loss_curves_combined</c>: every smoothed term together
/// on a linear and on a log axis.
/// </summary>
[Visualizer("loss_curves", Description = "Per-loss raw + smoothed curves with the final value and statistics (every logged loss term), "
    + "and all losses combined on linear and log axes.")]
public sealed class LossCurvesVisualizer(LossCurvesOptions options) : IVisualizer
{
    /// <inheritdoc />
    public void Render(VisualizationContext context, CancellationToken cancellationToken)
    {
        var steps = PlotData.Steps(context.History);
        var smoothing = CurveSmoothing.For(options, steps);
        var terms = TrackedMetric.LossTerms(context.History);
        foreach (var metric in terms)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var column = metric.Column(context.History)!;
            var figure = new Figure { Title = PlotData.Title(context, metric.DisplayName.ToLowerInvariant()) };
            var panel = figure.Panel;
            PlotData.StepAxis(panel);
            panel.Y.Label = metric.DisplayName;
            panel.Y.IgnoreOutliers = options.IgnoreOutliers;
            PlotData.AddRawAndSmoothed(panel, steps, column, smoothing, Palette.For(metric, terms));
            if (metric.ValidationColumn(context.History) is { } validation) PlotData.AddSparsePoints(panel, steps, validation, "validation", Palette.Mean);
            if (PlotData.LastFinite(steps, column) is var (x, y))
                panel.Add(new PointMarker(x, y, $"final {PlotData.Number(y)}") { Color = Palette.Mean });
            var s = SeriesStatistics.Of(column);
            // The box goes to the right corner away from the final value, so it never covers the end of the curve.
            bool endsHigh = s.Max > s.Min && (s.Final - s.Min) / (s.Max - s.Min) > 0.5;
            panel.Add(new TextBox([
                $"mean\t{PlotData.Number(s.Mean)}",
                $"final\t{PlotData.Number(s.Final)}",
                $"min\t{PlotData.Number(s.Min)}",
                $"max\t{PlotData.Number(s.Max)}",
            ], endsHigh ? LegendPlacement.LowerRight : LegendPlacement.UpperRight));
            context.Figures.Save(figure, PlotData.Stem(context, $"loss_curves_{metric.Key}"));
        }
        if (terms.Count == 0) return;

        var combined = new Figure(1, 2) { Title = PlotData.Title(context, $"losses (smoothed: {smoothing.Description})") };
        for (int c = 0; c < 2; c++)
        {
            var panel = combined[0, c];
            bool log = c == 1;
            panel.Title = log ? "Log scale" : "Linear scale";
            PlotData.StepAxis(panel);
            panel.Y.Label = "Loss";
            if (log) panel.Y.Scale = AxisScale.Log10;
            foreach (var metric in terms)
            {
                var raw = metric.Column(context.History)!;
                var smoothed = smoothing.Apply(steps, raw);
                // On the log axis a term that is exactly 0 (AuxK with no dead feature) is not drawn: its smoothed tail would
                // decay towards 1e-30 and squash every other curve into the top of the panel.
                if (log)
                    for (int i = 0; i < smoothed.Length; i++)
                        if (!(raw[i] > 0)) smoothed[i] = double.NaN;
                panel.Add(PlotData.Line(steps, smoothed, metric.DisplayName, Palette.For(metric, terms), 1.8));
            }
        }
        context.Figures.Save(combined, PlotData.Stem(context, "loss_curves_combined"));
    }
}
