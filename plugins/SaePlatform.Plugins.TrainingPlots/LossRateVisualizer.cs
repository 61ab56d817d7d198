using SaePlatform.Contracts.Components;
using SaePlatform.Contracts.Visualization;
using SaePlatform.Contracts.Visualization.Figures;
using SaePlatform.Contracts.Visualization.Transforms;

namespace SaePlatform.Plugins.TrainingPlots;

/// <summary>
/// <c>M_L_loss_rate</c>: the smoothed gradient of the total loss per step around a zero line: below zero the loss
/// still falls. The raw gradient is left out (it is mostly noise) and the y range ignores outliers, since the first
/// steps dwarf the rest; values beyond the range are marked at the panel's edge.
/// </summary>
[Visualizer("loss_rate", Description = "Rate of change (smoothed gradient) of the total loss.")]
public sealed class LossRateVisualizer(LossRateOptions options) : IVisualizer
{
    /// <inheritdoc />
    public void Render(VisualizationContext context, CancellationToken cancellationToken)
    {
        var total = TrackedMetric.TotalLoss.Column(context.History);
        if (total is null || context.History.Steps.Count < 3) return;
        var steps = PlotData.Steps(context.History);
        var smoothing = CurveSmoothing.For(options, steps);
        var figure = new Figure { Title = PlotData.Title(context, "total loss rate of change") };
        var panel = figure.Panel;
        PlotData.StepAxis(panel);
        panel.Y.Label = "d(total loss) / d(step)";
        panel.Y.IgnoreOutliers = true;
        var color = Palette.For(TrackedMetric.TotalLoss);
        string label = smoothing.Smooths ? $"smoothed ({smoothing.Description})" : "per logged step";
        panel.Add(PlotData.Line(steps, smoothing.Apply(steps, RateOfChange.Gradient(steps, total)), label, color, 1.8));
        panel.Add(new HorizontalLine(0) { Color = Palette.Mean, Dash = LineDash.Dotted });
        context.Figures.Save(figure, PlotData.Stem(context, "loss_rate"));
    }
}
