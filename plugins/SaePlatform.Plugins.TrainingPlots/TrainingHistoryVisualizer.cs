using SaePlatform.Contracts.Components;
using SaePlatform.Contracts.Visualization;
using SaePlatform.Contracts.Visualization.Figures;

namespace SaePlatform.Plugins.TrainingPlots;

/// <summary>
/// <c>M_L_training_history</c>: 2x2 of reconstruction loss, total loss, sparsity loss and L0 (raw and smoothed),
/// and <c>M_L_reconstruction_loss</c>: the reconstruction loss alone with its final value annotated.
/// </summary>
[Visualizer("training_history", Description = "2x2 training history (losses, L0) and the reconstruction loss with its final value.")]
public sealed class TrainingHistoryVisualizer(TrainingHistoryOptions options) : IVisualizer
{
    /// <inheritdoc />
    public void Render(VisualizationContext context, CancellationToken cancellationToken)
    {
        var steps = PlotData.Steps(context.History);
        var figure = new Figure(2, 2) { Title = PlotData.Title(context, "training history") };
        for (int i = 0; i < TrackedMetric.Basic.Count; i++)
        {
            var metric = TrackedMetric.Basic[i];
            var panel = figure.Panels[i];
            panel.Title = metric.DisplayName;
            PlotData.StepAxis(panel);
            panel.Y.Label = metric.Key == TrackedMetric.L0.Key ? "L0" : "Loss";
            var column = metric.Column(context.History);
            if (column is null) PlotData.NotLogged(panel, metric.DisplayName);
            else PlotData.AddRawAndSmoothed(panel, steps, column, options.SmoothingWeight, Palette.For(metric));
        }
        context.Figures.Save(figure, PlotData.Stem(context, "training_history"));
        cancellationToken.ThrowIfCancellationRequested();

        var reconstruction = TrackedMetric.ReconstructionLoss.Column(context.History);
        if (reconstruction is null) return;
        var single = new Figure { Title = PlotData.Title(context, "reconstruction loss") };
        var p = single.Panel;
        PlotData.StepAxis(p);
        p.Y.Label = "Reconstruction loss (MSE)";
        PlotData.AddRawAndSmoothed(p, steps, reconstruction, options.SmoothingWeight, Palette.For(TrackedMetric.ReconstructionLoss));
        if (PlotData.LastFinite(steps, reconstruction) is var (x, y))
            p.Add(new PointMarker(x, y, $"final {PlotData.Number(y)}") { Color = Palette.Mean });
        context.Figures.Save(single, PlotData.Stem(context, "reconstruction_loss"));
    }
}
