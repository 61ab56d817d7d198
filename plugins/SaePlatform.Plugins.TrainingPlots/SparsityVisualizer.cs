using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using SaePlatform.Contracts.Components;
using SaePlatform.Contracts.Runs;
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

/// <summary>
/// <c>M_L_sparsity</c>: L0 over training against the target, and the distribution of logged L0 values with mean and target.
/// <c>M_L_feature_density</c> (when the history has feature-density windows): dead and rare features over training, and
/// the feature-density histogram of the last window (docs/metrics.md).
/// </summary>
[Visualizer("sparsity", Description = "L0 evolution against a target line and the L0 histogram with mean and target; dead and rare features and the feature-density histogram.")]
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
        FeatureDensity(context, steps);
    }

    // The density-histogram columns, in order, with the log10-frequency bin each is drawn in; never-fired features get
    // the bin left of 1e-6.
    private static readonly (string Column, double Lower)[] DensityBins =
    [
        ("zero", -8), ("below_1e-6", -7), ("1e-6_to_1e-5", -6), ("1e-5_to_1e-4", -5), ("1e-4_to_1e-3", -4),
        ("1e-3_to_1e-2", -3), ("1e-2_to_1e-1", -2), ("1e-1_to_1", -1),
    ];

    private static void FeatureDensity(VisualizationContext context, double[] steps)
    {
        var history = context.History;
        var histogramColumns = DensityBins.Select(b => history.Get(MetricNames.DensityHistogramPrefix + b.Column)).ToArray();
        if (Array.Exists(histogramColumns, c => c is null)) return;
        var figure = new Figure(1, 2) { Title = PlotData.Title(context, "dead and rare features") };

        var counts = figure[0, 0];
        counts.Title = "Dead and rare features during training";
        PlotData.StepAxis(counts);
        counts.Y.Label = "Features";
        (string Metric, string Label)[] curves =
        [
            (MetricNames.DeadFeatures, "dead (not fired in the dead-feature window)"),
            (MetricNames.FeaturesBelow1e5, "firing frequency below 1e-5"),
            (MetricNames.FeaturesBelow1e6, "firing frequency below 1e-6"),
        ];
        for (int c = 0; c < curves.Length; c++)
        {
            if (history.Get(curves[c].Metric) is not { } column) continue;
            var points = Enumerable.Range(0, column.Count).Where(i => double.IsFinite(column[i])).ToArray();
            counts.Add(PlotData.Line([.. points.Select(i => steps[i])], [.. points.Select(i => column[i])], curves[c].Label, Color.FromPalette(c + 3)));
        }

        var last = Enumerable.Range(0, history.Steps.Count).LastOrDefault(i => double.IsFinite(histogramColumns[0]![i]), -1);
        var density = figure[0, 1];
        density.Title = last < 0 ? "Feature density" : $"Feature density, window ending at step {history.Steps[last]}";
        density.X.Label = "log10 firing frequency in the window (leftmost bar: never fired)";
        density.Y.Label = "Features";
        if (last < 0) PlotData.NotLogged(density, "A feature-density window");
        else
            density.Add(new HistogramSeries([.. DensityBins.Select(b => b.Lower), 0], [.. histogramColumns.Select(c => c![last])]) { Color = Color.FromPalette(4), Opacity = 0.75 });
        context.Figures.Save(figure, PlotData.Stem(context, "feature_density"));
    }
}
