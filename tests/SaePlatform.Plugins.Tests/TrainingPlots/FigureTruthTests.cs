using System.Globalization;
using SaePlatform.Contracts.Runs;
using SaePlatform.Contracts.Visualization;
using SaePlatform.Contracts.Visualization.Figures;
using SaePlatform.Contracts.Visualization.Transforms;
using SaePlatform.Plugins.TrainingPlots;

namespace SaePlatform.Plugins.Tests.TrainingPlots;

/// <summary>Figures that tell the truth at a glance (issue 19): smoothing lag, every loss term drawn, targets, statistics, comparison labels.</summary>
public sealed class FigureTruthTests
{
    /// <summary>
    /// The reconstruction loss of the quickstart (configs/quickstart.yaml, seed 42) as logged at steps 0, 10, ..., 2030 -> 1999:
    /// it falls from 62 to its minimum 2.31 at step 80, then rises to ~9 while the sparsity coefficient warms up.
    /// </summary>
    private static readonly double[] QuickstartReconstruction =
    [
        61.829, 57.841, 51.268, 37.019, 18.429, 6.979, 3.394, 2.888, 2.307, 2.512, 2.507, 2.660, 2.925, 3.150, 3.336, 3.687, 3.930, 4.317, 4.755,
        4.935, 5.268, 5.684, 6.030, 6.202, 6.745, 6.982, 7.236, 7.565, 7.853, 8.072, 8.413, 8.514, 8.541, 8.751, 8.408, 8.345, 8.664, 8.446, 8.441,
        8.604, 8.538, 8.487, 8.643, 8.336, 8.479, 8.363, 8.667, 8.561, 8.666, 8.402, 8.400, 8.666, 8.569, 8.871, 8.552, 8.786, 8.377, 8.877, 8.683,
        8.757, 8.696, 9.017, 8.726, 8.525, 8.561, 8.744, 9.013, 9.401, 8.941, 8.999, 9.132, 8.959, 8.913, 9.008, 9.136, 9.108, 9.011, 9.118, 9.076,
        9.038, 9.042, 8.849, 9.099, 9.106, 9.051, 9.033, 9.415, 9.157, 9.258, 9.365, 9.174, 9.004, 9.158, 9.053, 9.006, 9.691, 8.863, 9.233, 9.233,
        9.161, 9.106, 9.323, 9.239, 9.329, 8.888, 8.861, 9.347, 9.264, 9.460, 9.412, 9.049, 8.886, 9.046, 9.119, 9.339, 9.356, 9.310, 9.582, 8.997,
        9.360, 9.496, 9.543, 9.512, 9.567, 9.448, 9.619, 9.062, 9.470, 9.227, 9.516, 9.577, 9.243, 9.650, 9.199, 9.208, 9.691, 9.170, 9.174, 9.237,
        9.082, 9.092, 9.680, 9.213, 9.294, 9.533, 9.597, 8.973, 9.150, 9.291, 9.443, 9.214, 9.368, 9.584, 9.165, 8.947, 9.581, 8.945, 9.353, 9.254,
        9.561, 9.033, 9.222, 9.442, 9.410, 9.137, 9.800, 9.425, 9.234, 9.146, 9.050, 9.526, 9.183, 9.681, 9.357, 9.123, 9.356, 9.356, 9.099, 9.247,
        9.470, 9.322, 9.452, 9.356, 9.501, 9.270, 9.046, 9.289, 9.655, 9.216, 9.143, 9.226, 9.353, 8.991, 9.371, 9.463, 9.137, 9.396, 9.288, 9.279,
        9.501, 9.411, 9.213, 9.165, 9.160, 9.240,
    ];

    private static double[] QuickstartSteps() =>
        [.. Enumerable.Range(0, QuickstartReconstruction.Length).Select(i => i == QuickstartReconstruction.Length - 1 ? 1999.0 : 10.0 * i)];

    private static double StepOfMinimum(double[] steps, IReadOnlyList<double> values) =>
        steps[Enumerable.Range(0, values.Count).MinBy(i => values[i])];

    /// <summary>The bold (smoothed) reconstruction curve the training-history figure draws for the quickstart's loss.</summary>
    private static IReadOnlyList<double> DrawnSmoothedReconstruction(TrainingHistoryOptions options)
    {
        var steps = QuickstartSteps();
        var history = new TrainingHistory();
        for (int i = 0; i < steps.Length; i++) history.Append((long)steps[i], new Dictionary<string, double> { [MetricNames.MseLoss] = QuickstartReconstruction[i] });
        var sink = new RecordingFigureSink();
        new TrainingHistoryVisualizer(options).Render(VisualizerFixture.Context(sink, history), default);
        var line = sink.Figures["gpt2_layer10_training_history"].Panels[0].Series.OfType<LineSeries>().Single(l => l.Label!.StartsWith("smoothed", StringComparison.Ordinal));
        Assert.Equal(steps, line.X);
        return line.Y;
    }

    [Fact]
    public void Quickstart_DefaultSmoothing_SmoothedMinimumWithin5PercentOfTheRunOfTheRawMinimum()
    {
        var steps = QuickstartSteps();
        Assert.Equal(205, steps.Length);
        double raw = StepOfMinimum(steps, QuickstartReconstruction), span = steps[^1] - steps[0];
        Assert.Equal(80, raw);

        double smoothed = StepOfMinimum(steps, DrawnSmoothedReconstruction(new TrainingHistoryOptions()));
        Assert.True(Math.Abs(smoothed - raw) <= 0.05 * span, $"smoothed minimum at step {smoothed}, raw at {raw}");
        Assert.Equal(130, smoothed);   // measured: 50 steps late, 2.5 % of the run

        // The old default, 0.9 per logged point, put it at step 240: 8 % of the run late, what a reader would have believed.
        double old = StepOfMinimum(steps, Smoothing.Ema(QuickstartReconstruction, 0.9));
        Assert.Equal(240, old);
        Assert.True(Math.Abs(old - raw) > 0.05 * span);

        // The centred rolling mean has no lag at all here.
        Assert.True(Math.Abs(StepOfMinimum(steps, DrawnSmoothedReconstruction(new TrainingHistoryOptions { Smoothing = SmoothingMethod.Rolling })) - raw) <= 10);
    }

    [Fact]
    public void Smoothing_LegendNamesIt_RollingAndNone()
    {
        var sink = new RecordingFigureSink();
        new LossCurvesVisualizer(new LossCurvesOptions { Smoothing = SmoothingMethod.Rolling, RollingWindow = 40 }).Render(VisualizerFixture.Context(sink), default);
        var panel = sink.Figures["gpt2_layer10_loss_curves_reconstruction_loss"].Panel;
        var lines = panel.Series.OfType<LineSeries>().ToList();
        Assert.Equal(["raw", "smoothed (centred mean over 40 steps)"], lines.Select(l => l.Label!).ToArray());
        // Steps 1, 11, 21, ...: the window of +-20 steps around step 101 (index 10) holds indices 8..12.
        double expected = Enumerable.Range(8, 5).Average(VisualizerFixture.Reconstruction);
        Assert.Equal(expected, lines[1].Y[10], 12);
        Assert.Equal(0.35, lines[0].Opacity);

        sink = new RecordingFigureSink();
        new LossCurvesVisualizer(new LossCurvesOptions { Smoothing = SmoothingMethod.None }).Render(VisualizerFixture.Context(sink), default);
        var only = Assert.Single(sink.Figures["gpt2_layer10_loss_curves_reconstruction_loss"].Panel.Series.OfType<LineSeries>());
        Assert.Equal("raw", only.Label);
        Assert.Equal(1, only.Opacity);
    }

    /// <summary>A history with the keys an architecture logs: reconstruction always, then the given terms and L0.</summary>
    private static TrainingHistory ArchitectureHistory(string[] terms, Func<int, double> l0, int points = 60)
    {
        var history = new TrainingHistory();
        for (int i = 0; i < points; i++)
        {
            var values = new Dictionary<string, double> { [MetricNames.MseLoss] = 2.0 / (1 + 0.1 * i) + 0.3, [MetricNames.L0] = l0(i) };
            double total = values[MetricNames.MseLoss];
            for (int t = 0; t < terms.Length; t++)
            {
                double v = i < 10 ? 0 : 0.1 * (t + 1) * Math.Exp(-(i - 10) / 20.0);
                values[terms[t]] = v;
                total += v;
            }
            values[MetricNames.OverallLoss] = total;
            values[MetricNames.ExplainedVariance] = 0.9;
            history.Append(i * 10, values);
        }
        return history;
    }

    [Fact]
    public void TopK_AuxKDrawnInsteadOfAnEmptySparsityBox_AndInTheTotalPanel()
    {
        var history = ArchitectureHistory([MetricNames.AuxiliaryLoss], _ => 16);
        var sink = new RecordingFigureSink();
        var context = new VisualizationContext("m", "l", history, Path.GetTempPath(), sink) { FeatureCount = 512, StructuralK = 16, Architecture = "topk" };
        new TrainingHistoryVisualizer(new TrainingHistoryOptions()).Render(context, default);
        var figure = sink.Figures["m_l_training_history"];
        Assert.Equal("Auxiliary reconstruction loss", figure.Panels[2].Title);
        Assert.Equal(history.Get(MetricNames.AuxiliaryLoss), figure.Panels[2].Series.OfType<LineSeries>().First().Y);
        Assert.Empty(figure.Panels[2].Annotations.OfType<TextBox>());
        Assert.Contains(figure.Panels[1].Series, s => s.Label == "Auxiliary reconstruction loss, smoothed");
        var target = Assert.Single(figure.Panels[3].Annotations.OfType<HorizontalLine>());
        Assert.Equal((16.0, "k = 16 (3.13 % of d_sae)"), (target.Y, target.Label));

        new LossCurvesVisualizer(new LossCurvesOptions()).Render(context, default);
        Assert.Contains("m_l_loss_curves_auxiliary_reconstruction_loss", sink.Figures.Keys);
        Assert.Contains("Auxiliary reconstruction loss", sink.Figures["m_l_loss_curves_combined"][0, 0].Series.Select(s => s.Label));
    }

    [Fact]
    public void TopK_ConstantL0_DistributionPanelShowsFeatureFiringFrequencyNotOneBar()
    {
        var history = ArchitectureHistory([MetricNames.AuxiliaryLoss], _ => 16);
        var sink = new RecordingFigureSink();
        double[] density = [.. Enumerable.Range(0, 512).Select(i => -1.5 - 0.002 * i)];
        var context = new VisualizationContext("m", "l", history, Path.GetTempPath(), sink)
        {
            FeatureCount = 512, StructuralK = 16,
            Evaluation = new EvaluationResult("test", 600, new Dictionary<string, double>())
            {
                Arrays = new Dictionary<string, double[]> { [MetricNames.Evaluation.Log10FeatureDensity] = density },
            },
        };
        new SparsityVisualizer(new SparsityOptions { Bins = 8 }).Render(context, default);
        var panel = sink.Figures["m_l_sparsity"][0, 1];
        Assert.StartsWith("L0 is 16 at every step", panel.Title, StringComparison.Ordinal);
        var bars = Assert.Single(panel.Series.OfType<HistogramSeries>());
        Assert.Equal(512, bars.Counts.Sum());
        Assert.True(bars.Counts.Count(c => c > 0) > 1);
        Assert.Equal(Math.Log10(16.0 / 512), Assert.Single(panel.Annotations.OfType<VerticalLine>()).X, 12);
    }

    [Fact]
    public void Standard_DefaultTargetIsFivePercentOfDsae_AsFractionAndL0()
    {
        Figure Render(SparsityOptions options)
        {
            var sink = new RecordingFigureSink();
            new SparsityVisualizer(options).Render(new VisualizationContext("m", "l", VisualizerFixture.History(), Path.GetTempPath(), sink) { FeatureCount = 512, Architecture = "standard" }, default);
            return sink.Figures["m_l_sparsity"];
        }
        var figure = Render(new SparsityOptions());
        var line = Assert.Single(figure[0, 0].Annotations.OfType<HorizontalLine>());
        Assert.Equal(25.6, line.Y, 12);
        Assert.Equal("target 5 % of d_sae = L0 25.6", line.Label);
        Assert.Contains(figure[0, 1].Annotations.OfType<VerticalLine>(), v => v.X == 25.6);
        // The final L0 as a count and as a fraction: 20 + 200 / (1 + 19.9) = 29.569..., 5.78 % of 512.
        var box = Assert.Single(figure[0, 0].Annotations.OfType<TextBox>());
        Assert.Equal(["final L0\t29.57", "of d_sae\t5.78 %"], box.Lines);

        Assert.Empty(Render(new SparsityOptions { TargetFraction = null })[0, 0].Annotations.OfType<HorizontalLine>());
        Assert.Equal("target L0 32 (6.25 % of d_sae)", Assert.Single(Render(new SparsityOptions { TargetL0 = 32 })[0, 0].Annotations.OfType<HorizontalLine>()).Label);
    }

    [Fact]
    public void MatryoshkaAndPluginTerms_EveryLossTermHasAFigureAndIsInTheHistoryFigure()
    {
        string prefix64 = MetricNames.MseLoss + "_prefix_64", prefix128 = MetricNames.MseLoss + "_prefix_128", own = "losses/decorrelation_penalty";
        var history = ArchitectureHistory([prefix64, prefix128, MetricNames.AuxiliaryLoss, own], i => 16 + (i % 3));
        var sink = new RecordingFigureSink();
        var context = new VisualizationContext("m", "l", history, Path.GetTempPath(), sink) { FeatureCount = 512, StructuralK = 16 };
        new LossCurvesVisualizer(new LossCurvesOptions()).Render(context, default);
        Assert.Equal([
            "m_l_loss_curves_auxiliary_reconstruction_loss", "m_l_loss_curves_combined", "m_l_loss_curves_decorrelation_penalty",
            "m_l_loss_curves_mse_loss_prefix_128", "m_l_loss_curves_mse_loss_prefix_64", "m_l_loss_curves_reconstruction_loss", "m_l_loss_curves_total_loss",
        ], sink.Figures.Keys.Order(StringComparer.Ordinal).ToArray());
        Assert.Equal("m / l: reconstruction loss, first 64 features", sink.Figures["m_l_loss_curves_mse_loss_prefix_64"].Title);

        new TrainingHistoryVisualizer(new TrainingHistoryOptions()).Render(context, default);
        var figure = sink.Figures["m_l_training_history"];
        var third = figure.Panels[2];
        Assert.StartsWith("Other loss terms", third.Title, StringComparison.Ordinal);
        Assert.Equal(["Reconstruction loss, first 64 features, smoothed", "Reconstruction loss, first 128 features, smoothed",
            "Auxiliary reconstruction loss, smoothed", "Decorrelation penalty, smoothed"], third.Series.Select(s => s.Label!).ToArray());
        // Distinct colours for the four extra terms.
        Assert.Equal(4, third.Series.Select(s => s.Color).Distinct().Count());
        Assert.Equal(4, figure.Panels[1].Series.Count(s => s.Label!.EndsWith(", smoothed", StringComparison.Ordinal)));
    }

    [Fact]
    public void Statistics_ChangePercentOnlyFromANonZeroStart_AndMetricsLoggedOnceApart()
    {
        var history = new TrainingHistory();
        for (int i = 0; i < 10; i++)
        {
            var values = new Dictionary<string, double>
            {
                [MetricNames.MseLoss] = 10 - i,                       // 10 -> 1: -90 %
                [MetricNames.SparsityLoss] = i == 0 ? 1e-6 : 0.5 * i, // warms up from ~0
            };
            if (i == 9) values["final/explained_variance"] = 0.93;   // logged once
            history.Append(i * 5, values);
        }
        var dir = Path.Combine(Path.GetTempPath(), "sae-plot-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        new StatisticsVisualizer(new StatisticsOptions(), VisualizerFixture.Component(new ListLogger()))
            .Render(VisualizerFixture.Context(new RecordingFigureSink(), history, dir), default);

        var rows = File.ReadAllLines(Path.Combine(dir, "gpt2_layer10_statistics.csv")).Skip(1).Select(r => r.Split(',', 11)).ToDictionary(r => r[0]);
        Assert.Equal(-90, double.Parse(rows[MetricNames.MseLoss][9], CultureInfo.InvariantCulture), 9);
        Assert.Equal("", rows[MetricNames.MseLoss][10]);
        Assert.Equal("n/a", rows[MetricNames.SparsityLoss][9]);
        Assert.Contains("initial value 1e-6 is ~0", rows[MetricNames.SparsityLoss][10], StringComparison.Ordinal);
        Assert.False(rows.ContainsKey("final/explained_variance"));

        var once = File.ReadAllLines(Path.Combine(dir, "gpt2_layer10_logged_once.csv"));
        Assert.Equal(["metric,step,value", "final/explained_variance,45,0.93"], once);
    }

    [Fact]
    public void LayerComparison_RunsDifferingInK_LabelledByKInNaturalOrderWithSmoothingStated()
    {
        var sink = new RecordingFigureSink();
        var histories = new Dictionary<string, TrainingHistory>();
        var settings = new Dictionary<string, IReadOnlyDictionary<string, string>>();
        foreach (var k in new[] { 16, 32, 8 })
        {
            histories[$"k{k}"] = VisualizerFixture.History(scale: k);
            settings[$"k{k}"] = new Dictionary<string, string>
            {
                ["run.layer"] = $"k{k}", ["architecture.type"] = "topk", ["architecture.k"] = k.ToString(CultureInfo.InvariantCulture), ["training.lr"] = "0.002",
            };
        }
        var context = new VisualizationContext("m", "k16", histories["k16"], Path.GetTempPath(), sink) { LayerHistories = histories, LayerSettings = settings };
        new LayerComparisonVisualizer(new LayerComparisonOptions()).Render(context, default);
        var figure = sink.Figures["m_all_layers_reconstruction_loss"];
        Assert.Equal("m: reconstruction loss by k", figure.Title);
        var lines = figure.Panel.Series.OfType<LineSeries>().ToList();
        Assert.Equal(["k=8", "k=16", "k=32"], lines.Select(l => l.Label!).ToArray());
        Assert.Equal(8 * VisualizerFixture.Reconstruction(0), lines[0].Y[0], 9);
        Assert.StartsWith("smoothed: EMA", figure.Panel.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void LossCurves_TermExactlyZeroLater_NotDrawnOnTheLogAxis_StatisticsBoxAwayFromTheEnd()
    {
        // AuxK is 0 once no feature is dead: on the log panel those points are gaps, not a smoothed tail decaying to 1e-30.
        var history = new TrainingHistory();
        for (int i = 0; i < 40; i++)
            history.Append(i * 10, new Dictionary<string, double>
            {
                [MetricNames.MseLoss] = 5 - 0.1 * i,
                [MetricNames.AuxiliaryLoss] = i is >= 5 and < 15 ? 2 : 0,
                [MetricNames.OverallLoss] = 5 - 0.1 * i + (i is >= 5 and < 15 ? 2 : 0),
            });
        var sink = new RecordingFigureSink();
        new LossCurvesVisualizer(new LossCurvesOptions()).Render(VisualizerFixture.Context(sink, history), default);
        var combined = sink.Figures["gpt2_layer10_loss_curves_combined"];
        var logAux = combined[0, 1].Series.OfType<LineSeries>().Single(l => l.Label == "Auxiliary reconstruction loss");
        Assert.Equal(Enumerable.Range(5, 10).Select(i => i * 10.0), Enumerable.Range(0, logAux.Y.Count).Where(i => double.IsFinite(logAux.Y[i])).Select(i => logAux.X[i]));
        var linearAux = combined[0, 0].Series.OfType<LineSeries>().Single(l => l.Label == "Auxiliary reconstruction loss");
        Assert.All(linearAux.Y, v => Assert.True(double.IsFinite(v)));
        // The reconstruction loss ends low: box upper right; a loss ending at its top: box lower right.
        Assert.Equal(LegendPlacement.UpperRight, sink.Figures["gpt2_layer10_loss_curves_reconstruction_loss"].Panel.Annotations.OfType<TextBox>().Single().Corner);
        var rising = new TrainingHistory();
        for (int i = 0; i < 10; i++) rising.Append(i, new Dictionary<string, double> { [MetricNames.SparsityLoss] = i });
        sink = new RecordingFigureSink();
        new LossCurvesVisualizer(new LossCurvesOptions()).Render(VisualizerFixture.Context(sink, rising), default);
        Assert.Equal(LegendPlacement.LowerRight, sink.Figures["gpt2_layer10_loss_curves_sparsity_loss"].Panel.Annotations.OfType<TextBox>().Single().Corner);
    }
}
