using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using SaePlatform.Contracts.Components;
using SaePlatform.Contracts.Runs;
using SaePlatform.Contracts.Visualization;
using SaePlatform.Contracts.Visualization.Figures;
using SaePlatform.Contracts.Visualization.Transforms;

namespace SaePlatform.Plugins.TrainingPlots;

/// <summary>Options of <c>sparsity</c>.</summary>
public sealed class SparsityOptions : SmoothingOptions
{
    /// <summary>The L0 the run aims at, drawn as a target line; overrides the default target.</summary>
    [Range(0.0, double.MaxValue)]
    [Description("Target L0 (active features per row, an absolute count) drawn as a reference line; unset = the default target "
        + "(k for topk/batchtopk/matryoshka, else target_fraction of d_sae).")]
    public double? TargetL0 { get; set; }

    /// <summary>Target as a fraction of d_sae for penalty-based architectures when <see cref="TargetL0"/> is unset; null draws none.</summary>
    [Range(0.0, 1.0)]
    [Description("Target L0 as a fraction of d_sae for penalty-based architectures when target_l0 is unset (0.05 = 5% of d_sae, as the brief's "
        + "notebook); null = no target line. Structural ones (topk, batchtopk, matryoshka) are drawn against their k.")]
    public double? TargetFraction { get; set; } = SparsityTarget.DefaultFraction;

    /// <summary>Bins of the L0 histogram.</summary>
    [Range(2, 1000)]
    [Description("Number of bins of the L0 histogram.")]
    public int Bins { get; set; } = 40;
}

/// <summary>
/// <c>M_L_sparsity</c>: L0 over training against the target (by default k for structural architectures, 5 % of d_sae for
/// penalty-based ones; as L0 and as a fraction of d_sae), and the distribution of logged L0 values with mean and target,
/// or, when L0 is the same at every step (topk: exactly k), the per-feature firing frequency of the evaluation.
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
        var target = SparsityTarget.For(context, options.TargetL0, options.TargetFraction);
        var figure = new Figure(1, 2) { Title = PlotData.Title(context, "sparsity") };
        int? dSae = context.FeatureCount is > 0 ? context.FeatureCount : null;

        var evolution = figure[0, 0];
        evolution.Title = "L0 during training";
        PlotData.StepAxis(evolution);
        evolution.Y.Label = "L0 (active features per row)";
        PlotData.AddRawAndSmoothed(evolution, steps, l0, CurveSmoothing.For(options, steps), color);
        if (target is not null) evolution.Add(new HorizontalLine(target.L0) { Label = target.Label, Color = Palette.Target });
        if (PlotData.LastFinite(steps, l0) is var (_, final))
            evolution.Add(new TextBox([$"final L0\t{PlotData.Number(final)}", .. dSae is int d ? new[] { $"of d_sae\t{SparsityTarget.Percent(final / d)}" } : []],
                LegendPlacement.UpperRight));

        var distribution = figure[0, 1];
        var stats = SeriesStatistics.Of(l0);
        bool constant = stats.Max - stats.Min <= 1e-6 * Math.Max(1, Math.Abs(stats.Mean));
        var density = context.Evaluation?.Arrays is { } arrays && arrays.TryGetValue(EvaluationVisualizer.Log10Density, out var log10) ? log10 : null;
        if (constant && density is not null && dSae is int features)
        {
            // One bar says nothing: L0 is fixed (topk). How often each feature fires is the distribution that tells.
            distribution.Title = $"L0 is {PlotData.Number(stats.Mean)} at every step: feature firing frequency (evaluation)";
            distribution.X.Label = "log10(firing frequency)";
            distribution.Y.Label = "Features";
            var bins = HistogramBins.Compute(density, options.Bins);
            distribution.Add(new HistogramSeries(bins.Edges, bins.Counts) { Color = color, Opacity = 0.75 });
            distribution.Add(new VerticalLine(Math.Log10(stats.Mean / features)) { Label = $"mean frequency L0/d_sae = {PlotData.Number(stats.Mean / features)}", Color = Palette.Target });
        }
        else
        {
            distribution.Title = "L0 distribution over logged steps";
            distribution.X.Label = "L0";
            distribution.Y.Label = "Logged steps";
            var bins = HistogramBins.Compute(l0, options.Bins);
            distribution.Add(new HistogramSeries(bins.Edges, bins.Counts) { Color = color, Opacity = 0.75 });
            distribution.Add(new VerticalLine(stats.Mean) { Label = $"mean {PlotData.Number(stats.Mean)}", Color = Palette.Mean });
            if (target is not null) distribution.Add(new VerticalLine(target.L0) { Label = target.Label, Color = Palette.Target });
        }
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
        // Resampling events (training.resample_every) re-initialise dead features: a dotted line at each, labelled once.
        if (history.Get(MetricNames.Resampled) is { } resampled)
        {
            var events = Enumerable.Range(0, resampled.Count).Where(i => resampled[i] > 0).ToArray();
            for (int e = 0; e < events.Length; e++)
                counts.Add(new VerticalLine(steps[events[e]])
                {
                    Label = e == 0 ? $"resampling ({events.Length} event{(events.Length == 1 ? "" : "s")})" : null,
                    Color = Color.FromPalette(6), Dash = LineDash.Dotted,
                });
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
