using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using SaePlatform.Contracts.Components;
using SaePlatform.Contracts.Runs;
using SaePlatform.Contracts.Visualization;
using SaePlatform.Contracts.Visualization.Figures;
using SaePlatform.Contracts.Visualization.Transforms;

namespace SaePlatform.Plugins.TrainingPlots;

/// <summary>Options of <c>evaluation</c>.</summary>
public sealed class EvaluationOptions
{
    /// <summary>Bins of the histograms.</summary>
    [Range(2, 1000)]
    [Description("Number of bins of the per-row error and feature density histograms.")]
    public int Bins { get; set; } = 50;
}

/// <summary>
/// <c>M_L_evaluation</c>: histogram of the per-row test error, mean activation per feature (sorted, so dead
/// and dominant features stand out), and the log10 feature density histogram. Nothing when no evaluation was saved.
/// </summary>
[Visualizer("evaluation", Description = "Per-row test error histogram, mean activation per feature, log10 feature density histogram.")]
public sealed class EvaluationVisualizer(EvaluationOptions options) : IVisualizer
{
    /// <summary>Array names in <see cref="Contracts.Runs.EvaluationResult.Arrays"/>.</summary>
    internal const string MsePerRow = MetricNames.Evaluation.MsePerRow, MeanActivation = MetricNames.Evaluation.MeanActivationPerFeature,
        Log10Density = MetricNames.Evaluation.Log10FeatureDensity;

    /// <inheritdoc />
    public void Render(VisualizationContext context, CancellationToken cancellationToken)
    {
        var arrays = context.Evaluation?.Arrays;
        if (arrays is null || !(arrays.ContainsKey(MsePerRow) || arrays.ContainsKey(MeanActivation) || arrays.ContainsKey(Log10Density))) return;
        var figure = new Figure(1, 3) { Title = PlotData.Title(context, $"evaluation ({context.Evaluation!.Split} split, step {context.Evaluation.Step})") };

        var errors = figure[0, 0];
        errors.Title = "Per-row reconstruction error";
        errors.X.Label = "Squared error per row";
        errors.Y.Label = "Rows";
        if (arrays.TryGetValue(MsePerRow, out var mse)) AddHistogram(errors, mse, Color.FromPalette(1), withMean: true);
        else PlotData.NotLogged(errors, "Per-row error");

        var activations = figure[0, 1];
        activations.Title = "Mean activation per feature";
        activations.X.Label = "Feature rank (by mean activation)";
        activations.Y.Label = "Mean activation";
        if (arrays.TryGetValue(MeanActivation, out var mean))
        {
            var sorted = mean.Where(double.IsFinite).OrderByDescending(v => v).ToArray();
            var rank = Enumerable.Range(0, sorted.Length).Select(i => (double)i).ToArray();
            activations.Add(new BandSeries(rank, new double[sorted.Length], sorted) { Color = Color.FromPalette(0), Opacity = 0.25 });
            activations.Add(new LineSeries(rank, sorted) { Color = Color.FromPalette(0), Width = 1.5 });
            int dead = sorted.Count(v => v == 0);
            activations.Add(new TextBox([$"features\t{sorted.Length}", $"never active\t{dead}"], LegendPlacement.UpperRight));
        }
        else PlotData.NotLogged(activations, "Mean activation");

        var density = figure[0, 2];
        density.Title = "Feature density";
        density.X.Label = "log10(firing frequency)";
        density.Y.Label = "Features";
        if (arrays.TryGetValue(Log10Density, out var log10)) AddHistogram(density, log10, Color.FromPalette(2), withMean: false);
        else PlotData.NotLogged(density, "Feature density");

        context.Figures.Save(figure, PlotData.Stem(context, "evaluation"));
    }

    private void AddHistogram(Panel panel, double[] values, Color color, bool withMean)
    {
        var bins = HistogramBins.Compute(values, options.Bins);
        panel.Add(new HistogramSeries(bins.Edges, bins.Counts) { Color = color, Opacity = 0.75 });
        if (!withMean) return;
        double mean = SeriesStatistics.Of(values).Mean;
        panel.Add(new VerticalLine(mean) { Label = $"mean {PlotData.Number(mean)}", Color = Palette.Mean });
    }
}
