using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using SaePlatform.Contracts.Components;
using SaePlatform.Contracts.Visualization;
using SaePlatform.Contracts.Visualization.Figures;
using SaePlatform.Contracts.Visualization.Transforms;

namespace SaePlatform.Plugins.TrainingPlots;

/// <summary>Options of <c>sparsity</c>.</summary>
public sealed class SparsityOptions
{
    /// <summary>The L0 the run aims at, drawn as a target line; null draws none.</summary>
    [Range(0.0, double.MaxValue)]
    [Description("Target L0 (active features per row) drawn as a reference line; unset = no target.")]
    public double? TargetL0 { get; set; }

    /// <summary>TensorBoard EMA weight of the L0 curve.</summary>
    [Range(0.0, 0.999)]
    [Description("TensorBoard-style EMA smoothing weight of the L0 curve.")]
    public double SmoothingWeight { get; set; } = 0.9;

    /// <summary>Bins of the L0 histogram.</summary>
    [Range(2, 1000)]
    [Description("Number of bins of the L0 histogram.")]
    public int Bins { get; set; } = 40;
}

/// <summary><c>M_L_sparsity</c>: L0 over training against the target, and the distribution of logged L0 values with mean and target.</summary>
[Visualizer("sparsity", Description = "L0 evolution against a target line and the L0 histogram with mean and target.")]
public sealed class SparsityVisualizer(SparsityOptions options) : IVisualizer
{
    /// <inheritdoc />
    public void Render(VisualizationContext context, CancellationToken cancellationToken)
    {
        var l0 = TrackedMetric.L0.Column(context.History);
        if (l0 is null) return;
        var steps = PlotData.Steps(context.History);
        var color = Palette.For(TrackedMetric.L0);
        var figure = new Figure(1, 2) { Title = PlotData.Title(context, "sparsity") };

        var evolution = figure[0, 0];
        evolution.Title = "L0 during training";
        PlotData.StepAxis(evolution);
        evolution.Y.Label = "L0 (active features per row)";
        PlotData.AddRawAndSmoothed(evolution, steps, l0, options.SmoothingWeight, color);
        if (options.TargetL0 is double target)
            evolution.Add(new HorizontalLine(target) { Label = $"target {PlotData.Number(target)}", Color = Palette.Target });

        var distribution = figure[0, 1];
        distribution.Title = "L0 distribution over logged steps";
        distribution.X.Label = "L0";
        distribution.Y.Label = "Logged steps";
        var bins = HistogramBins.Compute(l0, options.Bins);
        distribution.Add(new HistogramSeries(bins.Edges, bins.Counts) { Color = color, Opacity = 0.75 });
        double mean = SeriesStatistics.Of(l0).Mean;
        distribution.Add(new VerticalLine(mean) { Label = $"mean {PlotData.Number(mean)}", Color = Palette.Mean });
        if (options.TargetL0 is double t)
            distribution.Add(new VerticalLine(t) { Label = $"target {PlotData.Number(t)}", Color = Palette.Target });
        context.Figures.Save(figure, PlotData.Stem(context, "sparsity"));
    }
}
