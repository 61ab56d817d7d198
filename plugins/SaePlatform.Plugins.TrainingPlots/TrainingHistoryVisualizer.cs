using SaePlatform.Contracts.Components;
using SaePlatform.Contracts.Visualization;
using SaePlatform.Contracts.Visualization.Figures;

namespace SaePlatform.Plugins.TrainingPlots;

/// <summary>
/// <c>M_L_training_history</c>: 2x2 of reconstruction loss, total loss (with every term beyond reconstruction and
/// sparsity drawn in it, so a rise of the total shows its cause), the sparsity loss (for architectures without one:
/// their other loss terms such as AuxK, else the explained variance) and L0 against its target; raw and smoothed.
/// </summary>
[Visualizer("training_history", Description = "2x2 training history: reconstruction loss, total loss with its extra terms, sparsity loss (or the "
    + "architecture's other terms), L0 against its target.")]
public sealed class TrainingHistoryVisualizer(TrainingHistoryOptions options) : IVisualizer
{
    /// <inheritdoc />
    public void Render(VisualizationContext context, CancellationToken cancellationToken)
    {
        var history = context.History;
        var steps = PlotData.Steps(history);
        var smoothing = CurveSmoothing.For(options, steps);
        var terms = TrackedMetric.LossTerms(history);
        var extras = terms.Where(t => t.IsExtra).ToList();
        bool sparsityLogged = TrackedMetric.SparsityLoss.Column(history) is not null;
        var figure = new Figure(2, 2) { Title = PlotData.Title(context, "training history") };

        var reconstruction = figure.Panels[0];
        reconstruction.Title = TrackedMetric.ReconstructionLoss.DisplayName;
        AddMetric(reconstruction, TrackedMetric.ReconstructionLoss, "Loss");

        var total = figure.Panels[1];
        total.Title = TrackedMetric.TotalLoss.DisplayName;
        AddMetric(total, TrackedMetric.TotalLoss, "Loss");
        // Terms beyond reconstruction and sparsity are drawn into the total too, so its rise or fall has a visible cause.
        foreach (var term in extras)
            total.Add(PlotData.Line(steps, smoothing.Apply(steps, term.Column(history)!), $"{term.DisplayName}, smoothed", Palette.For(term, terms), 1.2));
        if (extras.Count > 0) total.Title = "Total loss and its extra terms";

        var third = figure.Panels[2];
        if (sparsityLogged)
        {
            third.Title = TrackedMetric.SparsityLoss.DisplayName;
            AddMetric(third, TrackedMetric.SparsityLoss, "Loss");
        }
        else if (extras.Count == 1)
        {
            third.Title = extras[0].DisplayName;
            AddMetric(third, extras[0], "Loss");
        }
        else if (extras.Count > 1)
        {
            third.Title = "Other loss terms (no sparsity loss: sparsity is structural)";
            PlotData.StepAxis(third);
            third.Y.Label = "Loss";
            foreach (var term in extras)
                third.Add(PlotData.Line(steps, smoothing.Apply(steps, term.Column(history)!), $"{term.DisplayName}, smoothed", Palette.For(term, terms), 1.5));
        }
        else if (TrackedMetric.ExplainedVariance.Column(history) is not null)
        {
            third.Title = "Explained variance (no sparsity loss logged)";
            AddMetric(third, TrackedMetric.ExplainedVariance, "Explained variance");
        }
        else
        {
            third.Title = TrackedMetric.SparsityLoss.DisplayName;
            PlotData.NotLogged(third, TrackedMetric.SparsityLoss.DisplayName);
        }

        var l0 = figure.Panels[3];
        l0.Title = TrackedMetric.L0.DisplayName;
        AddMetric(l0, TrackedMetric.L0, "L0");
        if (TrackedMetric.L0.Column(history) is not null && SparsityTarget.For(context, null, SparsityTarget.DefaultFraction) is { } target)
            l0.Add(new HorizontalLine(target.L0) { Label = target.Label, Color = Palette.Target });
        cancellationToken.ThrowIfCancellationRequested();
        context.Figures.Save(figure, PlotData.Stem(context, "training_history"));

        void AddMetric(Panel panel, TrackedMetric metric, string yLabel)
        {
            PlotData.StepAxis(panel);
            panel.Y.Label = yLabel;
            var column = metric.Column(history);
            if (column is null) PlotData.NotLogged(panel, metric.DisplayName);
            else PlotData.AddRawAndSmoothed(panel, steps, column, smoothing, Palette.For(metric, terms));
            if (metric.ValidationColumn(history) is { } validation) PlotData.AddSparsePoints(panel, steps, validation, "validation", Palette.Mean);
        }
    }
}
